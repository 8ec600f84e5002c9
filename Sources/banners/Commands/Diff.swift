import ArgumentParser
import BannersCore

extension Banners {
  /// `banners diff OLD.rules NEW.rules CORPUS...`: how a rule change moves the tallies.
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
      abstract: "Show how a change to a rule list moves the labels and tallies of a corpus.",
      usage: "banners diff [<options>] <old-rules> <new-rules> <corpus> ...",
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
    @OptionGroup var parallel: ParallelOptions

    @Flag(help: "Machine-readable output: JSON Lines, one object per transition and tally row.")
    var json = false

    @Flag(help: "List every label of the side-by-side tallies, not only those that changed.")
    var all = false

    @Option(help: ArgumentHelp("Example banners per transition.", valueName: "n"))
    var examples = 1

    func validate() throws {
      guard examples >= 0 else { throw ValidationError("--examples must be 0 or more") }
      if corpus.corpora.isEmpty, CorpusFormat.looksLikeCorpus(newRules) {
        throw ValidationError(
          "diff takes two rule lists, then corpora; '\(newRules)' looks like a corpus, so a rule list is missing: banners diff OLD.rules NEW.rules CORPUS..."
        )
      }
      try corpus.requireCorpora()
    }

    func run() throws {
      let oldList = try loadRules(oldRules)
      let newList = try loadRules(newRules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      var diff = RuleDiff(old: oldList, new: newList, limits: match.limits, examples: examples)
      let summary = try ScanConsole().run { (console) throws(InputError) in
        try CorpusScan(corpus.request(workers: parallel.workers, stop: interrupts.stop))
          .run(&diff, observer: console)
      }
      let output = StandardOutput.shared
      output.write(
        json
          ? RuleDiffPrinter.jsonLines(diff, oldName: oldRules, newName: newRules)
          : RuleDiffPrinter.text(diff, oldName: oldRules, newName: newRules, all: all))
      output.flush()
      try interrupts.exitIfInterrupted(records: summary.records)
      try failIfUndecided(diff.undecided)
      if diff.changed > 0 { throw ExitCode(1) }
    }
  }
}
