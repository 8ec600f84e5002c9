/// `classify`: every record's label under one rule list, folded into the posts' two
/// tables, and, when asked, one output line per record in corpus order.
///
///     var classification = Classification(rules: rules, listing: RecordListing(.tsv, to: out))
///     try CorpusScan(request).run(&classification)
///     TallyPrinter.text(classification.tally)
public struct Classification: CorpusAnalysis {
  public let rules: RuleList
  public let examination: FirstMatch
  public private(set) var tally = Tally()
  public private(set) var undecided = UndecidedVerdicts()
  /// Per-record output, or nil for tables only (then memory stays flat).
  public private(set) var listing: RecordListing?

  public init(rules: RuleList, limits: MatchLimits = .default, listing: RecordListing? = nil) {
    self.rules = rules
    self.examination = FirstMatch(rules, limits: limits)
    self.listing = listing
  }

  public mutating func add(_ record: CorpusRecord, _ verdict: Verdict?) {
    let label = verdict.map { rules.label(of: $0) } ?? ""
    undecided.add(verdict, rules: rules, record: record)
    tally.add(outcome: record.outcome, label: label)
    listing?.add(record, verdict: verdict, label: label, rules: rules)
  }
}
