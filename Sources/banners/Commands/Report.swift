import ArgumentParser
import BannersCore

extension Banners {
  /// `banners report RULES CORPUS...`: what a rule list does to a corpus.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show what a rule list does to a corpus: coverage, ambiguous matches, residue.",
      usage: "banners report [<options>] <rules> <corpus> ...",
      discussion: """
        Three sections, from every rule's answer on every banner (not only the first
        match):

        Coverage: per rule, in file order, the banners it wins (first match) and all
        the banners it matches; "dead" when it matches nothing in this corpus,
        "shadowed by line N" when an earlier rule claims every banner it matches.

        Ambiguous matches: banners that rules with different labels both match,
        grouped by (winning rule, losing rule), with examples. Pairs with the same
        label are listed apart as redundant matches.

        "not sure" residue: banners no rule matches, grouped by shape (host names,
        addresses, dates, numbers, versions and hex ids normalised away), largest
        group first, each with a suggested rule: a literal fragment every banner of
        the group contains and no other banner of the corpus does, so that appended
        to the rule list it claims the group and changes no other label:

          banners report rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl

        Suggested rules need a second pass over the corpus; standard input ('-') can
        be read only once, so with it the report has no suggestions.
        """
    )

    @Argument(
      help: ArgumentHelp("The rule list, in the awk format of the posts.", valueName: "rules"))
    var rules: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var match: MatchOptions
    @OptionGroup var parallel: ParallelOptions

    @Flag(help: "Machine-readable output: JSON Lines, one object per rule, pair and group.")
    var json = false

    @Option(
      help: ArgumentHelp(
        "Rows per section: ambiguous and redundant pairs, residue groups (0: all).", valueName: "n")
    )
    var limit = 20

    @Option(help: ArgumentHelp("Example banners per pair and residue group.", valueName: "n"))
    var examples = 2

    @Option(
      help: ArgumentHelp(
        "Residue shapes tracked at most (bounds memory on huge corpora).", valueName: "n"))
    var maxGroups = 10_000

    @Option(
      help: ArgumentHelp(
        "Also write the report as one self-contained HTML page (bar charts, no scripts).",
        valueName: "file.html"))
    var html: String?

    func validate() throws {
      guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
      guard examples >= 0 else { throw ValidationError("--examples must be 0 or more") }
      guard maxGroups >= 1 else { throw ValidationError("--max-groups must be at least 1") }
      try corpus.requireCorpora()
    }

    func run() throws {
      let ruleList = try loadRules(rules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let options = CorpusReport.Options(
        examples: examples, limit: limit == 0 ? Int.max : limit, maxGroups: maxGroups)
      var report = CorpusReport(rules: ruleList, limits: match.limits, options: options)
      let summary = try ScanConsole().run { (console) throws(InputError) in
        try report.scan(
          corpus.request(workers: parallel.workers, stop: interrupts.stop), observer: console)
      }
      let output = StandardOutput.shared
      output.write(json ? ReportPrinter.jsonLines(report) : ReportPrinter.text(report))
      output.flush()
      if let html {
        do {
          try writeFileReplacing(html, Array(ReportHTML.page(report).utf8))
        } catch {
          StandardError.write("banners: error: \(TerminalSafe.escapeControls(error.description))\n")
          throw ExitCode(2)
        }
      }
      try interrupts.exitIfInterrupted(
        records: summary.records, outcome: "the report covers them, with no suggested rules")
      try failIfUndecided(report.undecided)
    }
  }
}
