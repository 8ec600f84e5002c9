/// What a rule list does to a corpus (`banners report`): coverage per rule, ambiguous
/// and redundant overlaps between rules, and the residue grouped by shape with a
/// suggested rule per group.
///
///     var report = CorpusReport(rules: rules)
///     for record in corpus { report.add(record, evaluation: matcher.evaluate(record.banner)) }
///     report.checkSuggestions(...)   // a second pass; see `CorpusReport.make`
///
/// Memory is bounded whatever the corpus size: counters per rule and per pair of rules,
/// a few examples each, and at most `Options.maxGroups` residue groups.
public struct CorpusReport: Sendable {
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
  }

  /// A rule that hit a PCRE2 limit on a banner.
  public struct LimitHit: Sendable, Hashable {
    public var rule: Int
    public var reason: String
    public var example: BannerExample
  }

  public let rules: RuleList
  public let options: Options
  public private(set) var counts = CorpusCounts()
  public private(set) var coverage: [RuleCoverage]
  public private(set) var overlaps: OverlapCounter
  public private(set) var residue: ResidueGroups
  /// Every limit hit, counted; the first few kept.
  public private(set) var limitHitCount = 0
  public private(set) var limitHits: [LimitHit] = []
  /// Suggested rules for the first `options.limit` residue groups (largest first), once
  /// the second pass has run; nil before, or when the corpus could not be read twice.
  /// Each group gets up to three rules (a greedy cover), most claiming first.
  public internal(set) var suggestedRules: [[SuggestedRule]]?
  /// The first suggested rule of each shown group.
  public var suggestions: [SuggestedRule?]? { suggestedRules?.map(\.first) }
  /// Corpus lines skipped as malformed (`--skip-bad`).
  public internal(set) var badLines = 0

  public init(rules: RuleList, options: Options = Options()) {
    self.rules = rules
    self.options = options
    self.coverage = rules.rules.indices.map { RuleCoverage(rule: $0) }
    self.overlaps = OverlapCounter(examples: options.examples)
    self.residue = ResidueGroups(capacity: options.maxGroups, examples: options.examples)
  }

  /// Counts one record, with every rule's answer on its banner (ignored for failures),
  /// and the banner's shape when a worker computed it already (residue only).
  public mutating func add(
    _ record: CorpusRecord, evaluation: RuleEvaluation, shape: ResidueShape? = nil
  ) {
    counts.records += 1
    guard record.outcome == .ok else { return }
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
      if limitHits.count < max(options.examples, 1) * 5 {
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

  /// Runs both passes over corpus files: the analysis, then the check of suggested rules
  /// (only files can be read twice: with standard input among the corpora, suggestions
  /// are left out and the report says so).
  ///
  /// - Parameter progress: called per record with the records read and the file.
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  /// With `workers` above 1, both passes parse and match on that many threads
  /// (`ParallelCorpusScan`) and count in corpus order: the same report, sooner.
  public static func make(
    rules: RuleList, corpora: [String], format: CorpusFormat = .auto, skipBad: Bool = false,
    limits: MatchLimits = .default, options: Options = Options(), workers: Int = 1,
    onBadLine: @escaping (InputError) -> Void = { _ in },
    progress: (Int, String) -> Void = { _, _ in },
    shouldStop: @escaping () -> Bool = { false }
  ) throws(InputError) -> CorpusReport {
    if workers > 1 {
      return try makeInParallel(
        rules: rules, corpora: corpora, format: format, skipBad: skipBad, limits: limits,
        options: options, workers: workers, onBadLine: onBadLine, progress: progress,
        shouldStop: shouldStop)
    }
    let matcher = RuleMatcher(rules, limits: limits)
    var report = CorpusReport(rules: rules, options: options)
    var stream = CorpusStream(
      paths: corpora, format: format, skipBad: skipBad, onBadLine: onBadLine)
    stream.stopWaiting = shouldStop
    var evaluation = RuleEvaluation()
    while !shouldStop(), let record = try stream.next() {
      if record.outcome == .ok {
        (record.banner ?? []).withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
      }
      report.add(record, evaluation: evaluation)
      progress(report.counts.records, stream.currentFile)
    }
    report.badLines = stream.badLines
    // Suggestions are checked against the whole corpus or not at all.
    guard !corpora.contains("-"), !shouldStop() else { return report }
    let templates = report.templates
    var check = SuggestionCheck(
      groups: Array(templates.groups.prefix(options.limit)), templates: templates)
    var second = CorpusStream(paths: corpora, format: format, skipBad: skipBad)
    while !shouldStop(), let record = try second.next() {
      check.add(record) { matcher.verdict(for: $0) }
    }
    if !shouldStop() { report.suggestedRules = check.suggestions() }
    return report
  }

  private static func makeInParallel(
    rules: RuleList, corpora: [String], format: CorpusFormat, skipBad: Bool,
    limits: MatchLimits, options: Options, workers: Int,
    onBadLine: (InputError) -> Void, progress: (Int, String) -> Void,
    shouldStop: @escaping () -> Bool
  ) throws(InputError) -> CorpusReport {
    var report = CorpusReport(rules: rules, options: options)
    let scan = ParallelCorpusScan(
      paths: corpora, format: format, skipBad: skipBad, workers: workers)
    report.badLines = try scan.run(
      makeState: { RuleMatcher(rules, limits: limits) },
      process: { matcher, record -> (RuleEvaluation, ResidueShape?) in
        guard record.outcome == .ok else { return (RuleEvaluation(), nil) }
        var evaluation = RuleEvaluation()
        (record.banner ?? []).withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
        let shape = evaluation.verdict == .residue ? ResidueShape(of: record.banner ?? []) : nil
        return (evaluation, shape)
      },
      consume: { record, result in report.add(record, evaluation: result.0, shape: result.1) },
      onBadLine: onBadLine,
      progress: { file in progress(report.counts.records, file) },
      shouldStop: shouldStop)
    guard !corpora.contains("-"), !shouldStop() else { return report }
    let templates = report.templates
    var check = SuggestionCheck(
      groups: Array(templates.groups.prefix(options.limit)), templates: templates)
    let frozen = check
    _ = try scan.run(
      makeState: { RuleMatcher(rules, limits: limits) },
      process: { matcher, record -> SuggestionCheck.Sighting? in
        frozen.sighting(in: record) { matcher.verdict(for: $0) }
      },
      consume: { _, sighting in if let sighting { check.count(sighting) } },
      shouldStop: shouldStop)
    if !shouldStop() { report.suggestedRules = check.suggestions() }
    return report
  }
}
