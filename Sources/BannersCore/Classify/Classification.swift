/// `classify`: every record's label under one rule list, folded into the posts' two
/// tables, and, when asked, one output line per record in corpus order.
///
///     var classification = Classification(rules: rules, listing: RecordListing(.tsv, to: out))
///     try classification.scan(request)
///     TallyPrinter.text(classification.tally)
public struct Classification: CorpusAnalysis {
  public let rules: RuleList
  public let examination: FirstMatch
  public internal(set) var undecided = UndecidedVerdicts()
  /// Per-record output, or nil for tables only (then memory stays flat).
  public internal(set) var listing: RecordListing?
  /// Connections counted by verdict, one counter per rule, then residue, then
  /// undecided: an array slot per verdict instead of a hashed label (a batch's counts
  /// are merged slot by slot); `tally` gathers the labels at the end.
  var connectionCounts: [Int]
  /// Failed connections only (counted by reason).
  var failures = Tally()

  public init(rules: RuleList, limits: MatchLimits = .default, listing: RecordListing? = nil) {
    self.rules = rules
    self.examination = FirstMatch(rules, limits: limits)
    self.listing = listing
    self.connectionCounts = Array(repeating: 0, count: rules.rules.count + 2)
  }

  /// The posts' two tables so far.
  public var tally: Tally {
    var tally = failures
    for (slot, count) in connectionCounts.enumerated() where count > 0 {
      let verdict: Verdict =
        switch slot - rules.rules.count {
        case 0: .residue
        case 1: .undecided(rule: 0, reason: "")
        default: .matched(rule: slot)
        }
      tally.add(count, outcome: .ok, label: rules.label(of: verdict))
    }
    return tally
  }

  /// Scans `request`'s corpora into this classification, folded on the workers
  /// (`CorpusScan.runFolding`, `Classification+Folding.swift`): counts per batch, and
  /// per-record lines formatted there and numbered in corpus order.
  ///
  /// Called here rather than from the command so that the scan's generic code is
  /// compiled for `Classification` in this module (specialized: no generic metadata
  /// lookups and witness calls per record, which the command's module would pay).
  ///
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  @discardableResult
  public mutating func scan(_ request: ScanRequest, observer: any ScanObserver = SilentScan())
    throws(InputError) -> ScanSummary
  {
    try CorpusScan(request).runFolding(&self, observer: observer)
  }

  public mutating func add(_ record: CorpusRecord, _ verdict: Verdict?) {
    switch verdict {
    case nil: failures.add(outcome: record.outcome, label: "")
    case .matched(let rule): connectionCounts[rule] += 1
    case .residue: connectionCounts[rules.rules.count] += 1
    case .undecided:
      connectionCounts[rules.rules.count + 1] += 1
      undecided.add(verdict, rules: rules, record: record)
    }
    listing?.add(record, verdict: verdict, rules: rules)
  }
}
