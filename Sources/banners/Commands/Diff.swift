import ArgumentParser
import BannersCore

extension Banners {
  /// `banners diff OLD.rules NEW.rules CORPUS...`: how a rule change moves the tallies.
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how a change to a rule list moves the labels and tallies of a corpus.",
      discussion: """
        Classifies every record with both rule lists and prints the transition table,
        old label -> new label with counts (only the cells that changed), then both
        server software tallies side by side with the change per label. Between the
        lists of the 1997 and 1998 posts, for example, the "Sorry, unable to contact
        destination SMTP daemon" banners move from "unknown" to "Raptor proxy":

          banners diff rules/smtp-1997.rules rules/smtp-1998.rules \\
            corpus/smtp-1998-sample.jsonl

        Exit status, as diff(1): 0 no label moved, 1 some label moved, 2 usage or
        input error.
        """
    )

    @Argument(help: ArgumentHelp("The rule list before the change.", valueName: "old-rules"))
    var oldRules: String

    @Argument(help: ArgumentHelp("The rule list after the change.", valueName: "new-rules"))
    var newRules: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var match: MatchOptions

    @Flag(help: "Machine-readable output: JSON Lines, one object per transition and tally row.")
    var json = false

    @Option(help: ArgumentHelp("Example banners per transition.", valueName: "n"))
    var examples = 1

    func validate() throws {
      guard examples >= 0 else { throw ValidationError("--examples must be 0 or more") }
    }

    func run() throws {
      let oldList = try loadRules(oldRules)
      let newList = try loadRules(newRules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let oldMatcher = RuleMatcher(oldList, limits: match.limits)
      let newMatcher = RuleMatcher(newList, limits: match.limits)
      var diff = RuleDiff(examples: examples)
      var undecided = 0
      let progress = Progress()
      var stream = CorpusStream(
        paths: corpus.corpora, format: corpus.inputFormat, skipBad: corpus.skipBad,
        onBadLine: { error in _ = exitWithInputError(error) })
      stream.stopWaiting = { interrupts.received != nil }
      do {
        while interrupts.received == nil, let record = try stream.next() {
          var oldLabel = ""
          var newLabel = ""
          if record.outcome == .ok {
            let banner = record.banner ?? []
            let oldVerdict = oldMatcher.verdict(for: banner)
            let newVerdict = newMatcher.verdict(for: banner)
            if case .undecided = oldVerdict { undecided += 1 }
            if case .undecided = newVerdict { undecided += 1 }
            oldLabel = oldList.label(of: oldVerdict)
            newLabel = newList.label(of: newVerdict)
          }
          diff.add(record, oldLabel: oldLabel, newLabel: newLabel)
          progress.update(records: diff.newTally.records, file: stream.currentFile)
        }
      } catch {
        progress.finish()
        throw exitWithInputError(error)
      }
      progress.finish()
      let output = StandardOutput.shared
      output.write(
        json
          ? RuleDiffPrinter.jsonLines(diff, oldName: oldRules, newName: newRules)
          : RuleDiffPrinter.text(diff, oldName: oldRules, newName: newRules))
      output.flush()
      try interrupts.exitIfInterrupted(records: diff.newTally.records)
      if undecided > 0 {
        StandardError.write(
          "banners: error: \(undecided) verdict(s) undecided: a rule hit a PCRE2 limit (raise --match-limit or fix the rule)\n"
        )
        throw ExitCode(2)
      }
      if diff.changed > 0 { throw ExitCode(1) }
    }
  }
}
