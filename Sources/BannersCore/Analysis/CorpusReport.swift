/// What a rule list does to a corpus (`banners report`): coverage per rule, ambiguous
/// and redundant overlaps between rules, and the residue grouped by shape with a
/// suggested rule per group.
///
///     var report = CorpusReport(rules: rules)
///     try report.scan(ScanRequest(corpora: ["corpus/smtp-1998-sample.jsonl"]))
///     print(ReportPrinter.text(report))
///
/// Memory is bounded whatever the corpus size: counters per rule and per pair of rules,
/// a few examples each, and at most `Options.maxGroups` residue groups.
public struct CorpusReport: CorpusAnalysis, Sendable {
  public struct Options: Sendable, Hashable {
    /// Example banners kept per ambiguity pair and residue group.
    public var examples: Int
    /// Rows shown per section (ambiguity, redundancy, residue groups); rule coverage
    /// always lists every rule. Suggested rules are computed for this many groups.
    public var limit: Int
    /// Residue groups tracked at most (see `ResidueGroups`).
    public var maxGroups: Int

    public init(examples: Int = 2, limit: Int = 20, maxGroups: Int = 10_000) {
      self.examples = examples
      self.limit = limit
      self.maxGroups = maxGroups
    }

    /// Limit hits kept as examples: five per example, at least five. (`--examples` may
    /// be any count, even in a partial read back: no overflow.)
    var limitHitsKept: Int { examples > Int.max / 5 ? Int.max : max(examples, 1) * 5 }
  }

  /// A rule that hit a PCRE2 limit on a banner.
  public struct LimitHit: Sendable, Hashable {
    public var rule: Int
    public var reason: String
    public var example: BannerExample
  }

  public let rules: RuleList
  public let options: Options
  public let examination: AllMatches
  public internal(set) var counts = CorpusCounts()
  /// The posts' two tables (failure reasons, software labels), for `report --html`.
  /// Connections are tallied from their verdicts (each rule's wins, the residue, the
  /// undecided), so counting a record (`add`, or a worker's fold) hashes no label.
  public var tally: Tally {
    var tally = failures
    for rule in coverage where rule.wins > 0 {
      tally.add(rule.wins, outcome: .ok, label: rules.label(of: .matched(rule: rule.rule)))
    }
    if counts.residue > 0 {
      tally.add(counts.residue, outcome: .ok, label: rules.label(of: .residue))
    }
    if counts.undecided > 0 {
      tally.add(
        counts.undecided, outcome: .ok, label: rules.label(of: .undecided(rule: 0, reason: "")))
    }
    return tally
  }
  /// Failures by reason (the first of `tally`'s two tables).
  var failures = Tally()
  public internal(set) var coverage: [RuleCoverage]
  public internal(set) var overlaps: OverlapCounter
  public internal(set) var residue: ResidueGroups
  /// Banners whose first match is unknown (a rule gave up before any earlier matched).
  public internal(set) var undecided = UndecidedVerdicts()
  /// Every limit hit, counted; the first few kept.
  public internal(set) var limitHitCount = 0
  public internal(set) var limitHits: [LimitHit] = []
  /// Suggested rules for the first `options.limit` residue groups (largest first), once
  /// the second pass has run; nil before, or when the corpus could not be read twice.
  /// Each group gets up to three rules (a greedy cover), most claiming first.
  public internal(set) var suggestedRules: [[SuggestedRule]]?
  /// The first suggested rule of each shown group.
  public var suggestions: [SuggestedRule?]? { suggestedRules?.map(\.first) }
  /// Why `suggestedRules` is nil, when it is not the usual reason (standard input, an
  /// interrupted run): a merge of shards without the check round.
  public internal(set) var missingSuggestionsNote: String?
  /// Corpus lines skipped as malformed (`--skip-bad`).
  public internal(set) var badLines = 0

  public init(rules: RuleList, limits: MatchLimits = .default, options: Options = Options()) {
    self.rules = rules
    self.options = options
    self.examination = AllMatches(rules, limits: limits)
    self.coverage = rules.rules.indices.map { RuleCoverage(rule: $0) }
    self.overlaps = OverlapCounter(examples: options.examples)
    self.residue = ResidueGroups(capacity: options.maxGroups, examples: options.examples)
  }

  public mutating func add(_ record: CorpusRecord, _ finding: BannerEvaluation) {
    add(record, evaluation: finding.evaluation, shape: finding.shape)
  }

  /// Counts one record, with every rule's answer on its banner (ignored for failures),
  /// and the banner's shape when a worker computed it already (residue only).
  public mutating func add(
    _ record: CorpusRecord, evaluation: RuleEvaluation, shape: ResidueShape? = nil
  ) {
    counts.records += 1
    guard record.outcome == .ok else {
      failures.add(outcome: record.outcome, label: "")
      return
    }
    counts.connections += 1
    let verdict = evaluation.verdict
    for rule in evaluation.matched {
      coverage[rule].matches += 1
      if case .matched(let winner) = verdict, winner != rule {
        coverage[rule].claimedBy[winner, default: 0] += 1
      } else if case .undecided(let first, _) = verdict {
        coverage[rule].claimedBy[first, default: 0] += 1
      }
    }
    for hit in evaluation.undecided {
      coverage[hit.rule].limitHits += 1
      limitHitCount += 1
      if limitHits.count < options.limitHitsKept {
        limitHits.append(
          LimitHit(rule: hit.rule, reason: hit.reason, example: BannerExample(record)))
      }
    }
    switch verdict {
    case .matched(let rule):
      counts.classified += 1
      coverage[rule].wins += 1
      overlaps.add(matched: evaluation.matched, rules: rules.rules, record: record)
    case .residue:
      counts.residue += 1
      residue.add(record, shape: shape)
    case .undecided:
      counts.undecided += 1
      undecided.add(verdict, rules: rules, record: record)
    }
  }

  /// The residue shapes merged into templates, largest first (computed on each call).
  public var templates: ResidueTemplates {
    ResidueTemplates(residue.sorted, examples: options.examples)
  }

  /// The residue groups (templates) the report shows, largest first.
  public var shownGroups: [ResidueTemplates.Group] {
    Array(templates.groups.prefix(options.limit))
  }

  /// Scans `request`'s corpora twice: the analysis, then the check of suggested rules
  /// (only files can be read twice: with standard input among the corpora, or when the
  /// scan was stopped, suggestions are left out and the report says so). Both passes
  /// run on `request.workers` threads and count in corpus order.
  ///
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  @discardableResult
  public mutating func scan(_ request: ScanRequest, observer: any ScanObserver = SilentScan())
    throws(InputError) -> ScanSummary
  {
    let summary = try scanFirstPass(request, observer: observer)
    guard request.isRereadable, !summary.stopped else { return summary }
    // Bad lines were reported by the first pass; the second skips them quietly.
    let second = try checkSuggestions(request)
    if !second.summary.stopped { suggestedRules = second.check.suggestions() }
    return summary
  }

  /// The first pass alone: every counter, residue group and example, no suggested rule
  /// (what `report --partial` writes for a shard of a corpus). Folded on the workers
  /// (`CorpusReport+Folding.swift`); the report is the one `add` makes record by record.
  @discardableResult
  public mutating func scanFirstPass(
    _ request: ScanRequest, observer: any ScanObserver = SilentScan()
  ) throws(InputError) -> ScanSummary {
    let summary = try CorpusScan(request).runFolding(&self, observer: observer)
    badLines = summary.badLines
    return summary
  }

  /// The check of this report's suggestion candidates, before any banner is counted:
  /// candidates of the shown groups, as the residue groups make them.
  public var suggestionCheck: SuggestionCheck {
    let templates = self.templates
    return SuggestionCheck(
      groups: Array(templates.groups.prefix(options.limit)), templates: templates)
  }

  /// The second pass alone: checks `suggestionCheck`'s candidates against every banner
  /// of `request`'s corpora (the whole corpus, or one shard of it: the counts add up
  /// over shards, see `SuggestionCheck.absorb`). The counts are whole unless
  /// `summary.stopped`.
  public func checkSuggestions(
    _ request: ScanRequest, observer: any ScanObserver = SilentScan()
  ) throws(InputError) -> (check: SuggestionCheck, summary: ScanSummary) {
    var check = SuggestionScan(
      suggestionCheck, examination.rules, limits: examination.limits,
      windowCounts: request.corpora.first.flatMap {
        GramSieve.WindowCounts(sampling: $0, format: request.format)
      })
    let summary = try CorpusScan(request).run(&check, observer: observer)
    return (check.check, summary)
  }
}
