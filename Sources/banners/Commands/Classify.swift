import ArgumentParser
import BannersCore

extension Banners {
  /// `banners classify RULES CORPUS...`: a label per record, or the posts' tables.
  struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "classify",
      abstract: "Label every record of a corpus with the first rule that matches its banner.",
      usage: "banners classify [<options>] <rules> <corpus> ...",
      discussion: """
        Rules are tried in file order and the first match wins; a banner no rule
        matches is "not sure". Records whose connection failed keep their reason.

        Per record (the default), tab-separated, or JSON Lines with --format jsonl:
          192.0.2.7:25<TAB>ok<TAB>sendmail
          192.0.2.9:25<TAB>timed out<TAB>
        The identity is addr:port (with #2, #3... for repeats), or the line number for
        plain-text corpora.

        With --tally, the two tables of the posts instead, counts first, largest first
        (--json for JSON Lines):
          banners classify --tally rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl

        A rule that exhausts PCRE2's backtracking limit on a banner is decided by
        PCRE2's DFA matcher instead (same answer: awk regexes are regular). Only if
        that gives up too is it reported on stderr with rule and record; the banner is
        tallied as undecided (never as "not sure") and the run exits with status 2.
        """
    )

    @Argument(
      help: ArgumentHelp("The rule list, in the awk format of the posts.", valueName: "rules"))
    var rules: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var match: MatchOptions
    @OptionGroup var parallel: ParallelOptions

    @Option(help: "One line per record in this format (the default output, tsv).")
    var format: RecordListing.Format?

    @Flag(
      help:
        "Print the posts' two tables instead: reasons for connection failures, server software tallies."
    )
    var tally = false

    @Flag(
      help:
        "JSON Lines: with --tally one object per table row, otherwise one per record (--format jsonl); a summary last."
    )
    var json = false

    func validate() throws {
      if tally, let format {
        throw ValidationError(
          "--tally prints the tables, --format \(format.rawValue) one line per record: choose one (--tally --json prints the tables as JSON Lines)"
        )
      }
      if json, format == .tsv {
        throw ValidationError(
          "--json and --format tsv ask for different outputs: keep one (--json alone is --format jsonl)"
        )
      }
      try corpus.requireCorpora()
    }

    /// The per-record format, or nil for the tables.
    private var recordFormat: RecordListing.Format? {
      tally ? nil : (format ?? (json ? .jsonl : .tsv))
    }

    func run() throws {
      let ruleList = try loadRules(rules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let output = StandardOutput.shared
      let request = corpus.request(workers: parallel.workers, stop: interrupts.stop)
      // A large corpus is read once more first for the targets that repeat, so that
      // numbering them does not take memory per target (docs/measurements.md).
      let listing = recordFormat.map {
        RecordListing($0, to: output, repeats: RepeatedTargets.survey(request))
      }
      var classification = Classification(
        rules: ruleList, limits: match.limits, listing: listing)
      let summary = try ScanConsole(flushesOutput: listing != nil).run {
        (console) throws(InputError) in
        try classification.scan(request, observer: console)
      }
      if tally {
        let counts = classification.tally
        output.write(json ? TallyPrinter.jsonLines(counts) : TallyPrinter.text(counts))
      } else if recordFormat == .jsonl {
        output.write(TallyPrinter.jsonSummary(classification.tally))
      }
      output.flush()
      try interrupts.exitIfInterrupted(records: summary.records)
      try failIfUndecided(classification.undecided)
    }
  }
}

extension RecordListing.Format: ExpressibleByArgument {}
