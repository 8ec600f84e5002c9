import ArgumentParser
import BannersCore

extension Banners {
  /// `banners report RULES CORPUS...`: what a rule list does to a corpus.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
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

        A corpus split over machines is reported in two rounds, the two passes:
        --partial writes a shard's first pass, 'banners merge' adds the partials up,
        --check runs the second pass on a shard against the merged partial, and
        'banners merge' of the merged partial and every check prints the report of
        one run over all the shards (docs/scale.md):

          banners report --partial rules/smtp-1998.rules 1.jsonl > 1.partial
          banners merge --partial 1.partial 2.partial > all.partial
          banners report --check all.partial rules/smtp-1998.rules 1.jsonl > 1.check
          banners merge all.partial 1.check 2.check
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

    @Flag(
      help: ArgumentHelp(
        "Write the first pass alone, for 'banners merge' to add up with other shards'."))
    var partial = false

    @Option(
      help: ArgumentHelp(
        "Run the second pass alone against a merged partial, for 'banners merge' (its options are the partial's).",
        valueName: "merged.partial"))
    var check: String?

    func validate() throws {
      if partial || check != nil {
        guard !(partial && check != nil) else {
          throw ValidationError("--partial is round 1 and --check round 2: give one of them")
        }
        guard !json, html == nil else {
          throw ValidationError(
            "--partial and --check write JSON Lines of their own: leave out --json and --html")
        }
      }
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
      let request = corpus.request(workers: parallel.workers, stop: interrupts.stop)
      if let check {
        return try runCheck(check, rules: ruleList, request: request, interrupts: interrupts)
      }
      if partial {
        let summary = try ScanConsole().run { (console) throws(InputError) in
          try report.scanFirstPass(request, observer: console)
        }
        // Part of a shard would merge as if it were all of it: write nothing.
        try interrupts.exitIfInterrupted(records: summary.records, outcome: "no partial written")
        StandardOutput.shared.write(
          ReportPartial.jsonLines(report, ruleSource: try ruleSource(ruleList)))
        StandardOutput.shared.flush()
        return
      }
      let summary = try ScanConsole().run { (console) throws(InputError) in
        try report.scan(request, observer: console)
      }
      try printReport(report, json: json, html: html)
      try interrupts.exitIfInterrupted(
        records: summary.records, outcome: "the report covers them, with no suggested rules")
      try failIfUndecided(report.undecided)
    }

    /// Round 2 on this shard: the check of the merged partial's candidates.
    private func runCheck(
      _ path: String, rules: RuleList, request: ScanRequest, interrupts: InterruptWatch
    ) throws {
      var merge = ReportMerge(rules: rules, ruleSource: try ruleSource(rules), limits: match.limits)
      do throws(InputError) {
        var input = try MergeInput(path: path, name: path)
        try merge.add(&input)
        guard merge.checkCount == 0 else {
          throw InputError(
            SourceLocation(file: path, line: 0),
            "--check takes the merged partial, not checks: give the checks to 'banners merge'")
        }
      } catch {
        throw exitWithInputError(error)
      }
      var output = ""
      let summary = try ScanConsole().run { (console) throws(InputError) in
        let second = try merge.checkJSONLines(request, observer: console)
        output = second.output
        return second.summary
      }
      try interrupts.exitIfInterrupted(records: summary.records, outcome: "no check written")
      StandardOutput.shared.write(output)
      StandardOutput.shared.flush()
    }

    /// The rule file's bytes, which a partial carries (`loadRules` compiled them).
    private func ruleSource(_ rules: RuleList) throws -> [UInt8] {
      do {
        return try FileBytes.read(rules.file, limit: FileBytes.ruleFileLimit)
      } catch {
        throw exitWithInputError(
          InputError(
            SourceLocation(file: rules.file, line: 0), "cannot read rule file: \(error)",
            kind: .unreadable))
      }
    }
  }
}
