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
      abstract: "Check a rule list against a snapshot of expected labels; print what moved.",
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
    }

    func run() throws {
      let ruleList = try loadRules(rules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let matcher = RuleMatcher(ruleList, limits: match.limits)
      var snapshot = Snapshot()
      if !update {
        do {
          snapshot = try Snapshot(contentsOf: expect)
        } catch {
          throw exitWithInputError(error)
        }
      }
      var comparison = SnapshotComparison(examples: examples)
      var written: [(identity: String, entry: Snapshot.Entry)] = []
      var identities = RecordIdentity()
      var entries: [String: Snapshot.Entry] = [:]
      var undecided = 0
      let progress = Progress()
      var stream = CorpusStream(
        paths: corpus.corpora, format: corpus.inputFormat, skipBad: corpus.skipBad,
        onBadLine: { error in _ = exitWithInputError(error) })
      stream.stopWaiting = { interrupts.received != nil }
      var count = 0
      do {
        while interrupts.received == nil, let record = try stream.next() {
          count += 1
          progress.update(records: count, file: stream.currentFile)
          let identity = identities.identity(of: record)
          var label = ""
          var rule: String?
          if record.outcome == .ok {
            let verdict = matcher.verdict(for: record.banner ?? [])
            label = ruleList.label(of: verdict)
            if case .matched(let index) = verdict {
              rule = "\(ruleList.rules[index].location.file):\(ruleList.rules[index].location.line)"
            }
            if case .undecided = verdict { undecided += 1 }
          }
          // Few distinct outcomes and labels: escape each once, not once per record.
          let key = record.outcome == .ok ? "ok\t" + label : record.outcome.description
          let entry = entries[key] ?? Snapshot.Entry(outcome: record.outcome, label: label)
          if entries.count < 10_000 { entries[key] = entry }
          if update {
            written.append((identity, entry))
          } else {
            comparison.add(
              identity: identity, now: entry, rule: rule, banner: record.banner,
              expected: snapshot.take(identity))
          }
        }
      } catch {
        progress.finish()
        throw exitWithInputError(error)
      }
      progress.finish()
      // Half a corpus against a whole snapshot would show the rest as missing.
      try interrupts.exitIfInterrupted(
        records: count, outcome: update ? "the snapshot is unchanged" : "nothing compared")
      if undecided > 0 {
        StandardError.write(
          "banners: error: \(undecided) banner(s) undecided: a rule hit a PCRE2 limit (raise --match-limit or fix the rule)\n"
        )
        throw ExitCode(2)
      }
      if update {
        try write(Snapshot.text(written), to: expect)
        StandardError.write(
          "banners: wrote \(written.count) records to \(TerminalSafe.escapeControls(expect))\n")
        return
      }
      comparison.finish(leftover: snapshot)
      let output = StandardOutput.shared
      output.write(json ? SnapshotPrinter.jsonLines(comparison) : SnapshotPrinter.text(comparison))
      output.flush()
      if comparison.moved > 0 { throw ExitCode(1) }
    }

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`, so
    /// an interrupted update never leaves half a snapshot.
    private func write(_ text: String, to path: String) throws {
      let temporary = path + ".tmp-\(getpid())"
      let bytes = Array(text.utf8)
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      var ok = descriptor >= 0
      var offset = 0
      while ok, offset < bytes.count {
        let written = bytes.withUnsafeBytes {
          Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
        }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { ok = false } else { offset += written }
      }
      if descriptor >= 0 { ok = close(descriptor) == 0 && ok }
      if ok { ok = rename(temporary, path) == 0 }
      if !ok {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        StandardError.write(
          "banners: error: cannot write snapshot \(TerminalSafe.escapeControls(path)): \(reason)\n")
        throw ExitCode(2)
      }
    }
  }
}
