import ArgumentParser
import BannersCore

extension Banners {
  /// `banners test RULES CORPUS --expect SNAPSHOT`: a regression test of a rule list.
  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        The snapshot is held in memory (one entry per record).
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
      let snapshot = update ? nil : try readSnapshot()
      let request = corpus.request(workers: parallel.workers, stop: interrupts.stop)
      var test = SnapshotTest(
        rules: ruleList, limits: match.limits, expecting: snapshot, examples: examples,
        repeats: RepeatedTargets.survey(request))
      let summary = try ScanConsole().run { (console) throws(InputError) in
        try CorpusScan(request).run(&test, observer: console)
      }
      // Half a corpus against a whole snapshot would show the rest as missing.
      try interrupts.exitIfInterrupted(
        records: summary.records, outcome: update ? "the snapshot is unchanged" : "nothing compared"
      )
      try failIfUndecided(test.undecided)
      if update {
        try writeSnapshot(test)
        return
      }
      let comparison = test.finish()
      let output = StandardOutput.shared
      output.write(json ? SnapshotPrinter.jsonLines(comparison) : SnapshotPrinter.text(comparison))
      output.flush()
      if comparison.moved > 0 { throw ExitCode(1) }
    }

    private func readSnapshot() throws -> Snapshot {
      do {
        return try Snapshot(contentsOf: expect)
      } catch {
        printDiagnostics(error)
        if error.kind == .unreadable {
          StandardError.write(
            "banners: hint: a new snapshot is written by the same command with --update; review it before you commit it\n"
          )
        }
        throw ExitCode(2)
      }
    }

    private func writeSnapshot(_ test: SnapshotTest) throws {
      do {
        try FileBytes.replace(expect, chunks: test.snapshotChunks)
      } catch {
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
