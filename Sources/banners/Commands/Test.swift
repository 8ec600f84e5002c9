import ArgumentParser
import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Banners {
  /// `banners test RULES CORPUS --expect SNAPSHOT`: a regression test of a rule list.
  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "test",
      abstract: "Check a rule list against a snapshot of expected labels; print what moved.",
      usage: "banners test [<options>] <rules> <corpus> ... --expect <snapshot>",
      discussion: """
        The snapshot is plain text, one record a line, sorted by identity so that it
        diffs well in git (the columns of `classify --format tsv`):

          # banners snapshot: identity<TAB>outcome<TAB>label, sorted by identity
          192.0.2.188:25<TAB>ok<TAB>not sure
          192.0.2.70:25<TAB>immediate disconnect<TAB>

        Write it once, commit it, and test every change of the rules against it:

          banners test rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl \\
            --expect corpus/smtp-1998-sample.1998.snapshot --update
          banners test rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl \\
            --expect corpus/smtp-1998-sample.1998.snapshot

        What moved is grouped by from label, to label and the rule now responsible,
        with example records. Records the snapshot lacks count as moved from
        "(not in snapshot)", and snapshot records the corpus lacks as moved to
        "(not in corpus)".

        Exit status: 0 nothing moved (or --update wrote the snapshot), 1 something
        moved, 2 usage or input error (a missing or malformed snapshot, a bad corpus).
        Memory stays flat: past 32 MiB the snapshot is read from its file and the
        records are sorted in scratch files in $TMPDIR, removed however the run ends.
        """
    )

    @Argument(
      help: ArgumentHelp("The rule list, in the awk format of the posts.", valueName: "rules"))
    var rules: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var match: MatchOptions
    @OptionGroup var parallel: ParallelOptions

    @Option(help: ArgumentHelp("The snapshot of expected labels.", valueName: "snapshot"))
    var expect: String

    @Flag(help: "Write the snapshot from the current labels instead of comparing.")
    var update = false

    @Flag(help: "Machine-readable output: JSON Lines, one object per group of moved records.")
    var json = false

    @Option(help: ArgumentHelp("Example records per group of moved records.", valueName: "n"))
    var examples = 3

    func validate() throws {
      guard examples >= 0 else { throw ValidationError("--examples must be 0 or more") }
      try corpus.requireCorpora()
    }

    func run() throws {
      let ruleList = try loadRules(rules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let memory = try Self.sortMemory()
      let scratch = ScratchFiles()
      let snapshot = update ? nil : try readSnapshot(memory: memory, scratch: scratch)
      let request = corpus.request(workers: parallel.workers, stop: interrupts.stop)
      var test = SnapshotTest(
        rules: ruleList, limits: match.limits, expecting: snapshot, examples: examples,
        repeats: RepeatedTargets.survey(request), memory: memory, scratch: scratch,
        stop: interrupts.stop)
      let summary = try ScanConsole().run { (console) throws(InputError) in
        try CorpusScan(request).run(&test, observer: console)
      }
      // Half a corpus against a whole snapshot would show the rest as missing.
      let unchanged = update ? "the snapshot is unchanged" : "nothing compared"
      try interrupts.exitIfInterrupted(records: summary.records, outcome: unchanged)
      try failIfScratchFailed(test.failure)
      try failIfUndecided(test.undecided)
      if update {
        try writeSnapshot(&test, records: summary.records, interrupts: interrupts)
        return
      }
      let comparison: SnapshotComparison?
      do {
        comparison = try test.finish()
      } catch let error as InputError {
        throw exitWithInputError(error)
      } catch {
        try failIfScratchFailed(error as? SystemError)
        throw error
      }
      guard let comparison else {
        // Stopped while merging: nothing is printed rather than half a comparison.
        try interrupts.exitIfInterrupted(records: summary.records, outcome: unchanged)
        throw ExitCode(2)
      }
      let output = StandardOutput.shared
      output.write(json ? SnapshotPrinter.jsonLines(comparison) : SnapshotPrinter.text(comparison))
      output.flush()
      if comparison.moved > 0 { throw ExitCode(1) }
    }

    /// `BANNERS_SORT_MEMORY`, bytes: the memory for the snapshot or the sorted records
    /// before scratch files in `$TMPDIR` are used (docs/analysis.md).
    private static func sortMemory() throws -> Int {
      guard let text = getenv("BANNERS_SORT_MEMORY").map({ String(cString: $0) }) else {
        return SnapshotTest.defaultMemory
      }
      guard let bytes = Int(text), bytes > 0 else {
        StandardError.write(
          "banners: error: BANNERS_SORT_MEMORY must be a number of bytes, not \(TerminalSafe.escapeControls(text))\n"
        )
        throw ExitCode(2)
      }
      return bytes
    }

    /// A scratch file that could not be written or read ends the run with status 2.
    private func failIfScratchFailed(_ error: SystemError?) throws {
      guard let error else { return }
      StandardError.write("banners: error: \(TerminalSafe.escapeControls(error.description))\n")
      throw ExitCode(2)
    }

    private func readSnapshot(memory: Int, scratch: ScratchFiles) throws -> ExpectedSnapshot {
      do {
        return try ExpectedSnapshot.open(expect, memory: memory, scratch: scratch)
      } catch let error as InputError {
        printDiagnostics(error)
        if error.kind == .unreadable {
          StandardError.write(
            "banners: hint: a new snapshot is written by the same command with --update; review it before you commit it\n"
          )
        }
        throw ExitCode(2)
      } catch {
        try failIfScratchFailed(error as? SystemError)
        throw error
      }
    }

    private func writeSnapshot(
      _ test: inout SnapshotTest, records: Int, interrupts: InterruptWatch
    ) throws {
      do {
        try test.writeSnapshot(to: expect)
      } catch {
        try interrupts.exitIfInterrupted(records: records, outcome: "the snapshot is unchanged")
        StandardError.write(
          "banners: error: cannot write snapshot \(TerminalSafe.escapeControls(expect)): \(error)\n"
        )
        throw ExitCode(2)
      }
      StandardError.write(
        "banners: wrote \(counted(test.snapshotRecords, "record")) to \(TerminalSafe.escapeControls(expect))\n"
      )
    }
  }
}
