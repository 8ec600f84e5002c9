/// `test`: every record's entry now (outcome and label under the rule list), compared
/// with a snapshot, or collected to write a new snapshot (`--update`).
///
///     var test = SnapshotTest(rules: rules, expecting: try Snapshot(parsing: bytes, file: path))
///     try CorpusScan(request).run(&test)
///     let comparison = test.finish()   // what moved, snapshot records not seen included
///
/// Holds the snapshot (`SnapshotEntries`) or the new one's records
/// (`SnapshotCollector`), about 35 bytes a record, and counts targets to number repeats
/// (`RecordIdentity`); docs/measurements.md has its memory at ten million records.
public struct SnapshotTest: CorpusAnalysis {
  public let rules: RuleList
  public let examination: FirstMatch
  public private(set) var undecided = UndecidedVerdicts()
  /// Nil when writing a new snapshot instead of comparing.
  private var expected: Snapshot?
  private var comparison: SnapshotComparison
  private var written = SnapshotCollector()
  private var identities: RecordIdentity
  /// Few distinct outcomes and labels: each is escaped once, not once per record.
  private var entries: [String: Snapshot.Entry] = [:]

  /// Compares with `snapshot`, or with `nil` collects entries for a new snapshot;
  /// `repeats` from a first pass over a large corpus (`RepeatedTargets.survey`).
  public init(
    rules: RuleList, limits: MatchLimits = .default, expecting snapshot: Snapshot?,
    examples: Int = 3, repeats: RepeatedTargets? = nil
  ) {
    self.rules = rules
    self.identities = RecordIdentity(repeats: repeats)
    self.examination = FirstMatch(rules, limits: limits)
    self.expected = snapshot
    self.comparison = SnapshotComparison(examples: examples)
  }

  public mutating func add(_ record: CorpusRecord, _ verdict: Verdict?) {
    let identity = identities.identity(of: record)
    undecided.add(verdict, rules: rules, record: record)
    let label = verdict.map { rules.label(of: $0) } ?? ""
    let key = record.outcome == .ok ? "ok\t" + label : record.outcome.description
    let entry = entries[key] ?? Snapshot.Entry(outcome: record.outcome, label: label)
    if entries.count < 10_000 { entries[key] = entry }
    guard expected != nil else {
      written.append(identity, entry)
      return
    }
    var rule: String?
    if case .matched(let index) = verdict { rule = rules.rules[index].reference }
    comparison.add(
      identity: identity, now: entry, rule: rule, record: record,
      expected: expected?.take(identity))
  }

  /// The comparison, with the snapshot's records the corpus lacked counted as moved to
  /// "(not in corpus)".
  public func finish() -> SnapshotComparison {
    var comparison = comparison
    if let expected { comparison.finish(leftover: expected) }
    return comparison
  }

  /// The new snapshot file's bytes (when collecting), a megabyte or so at a time.
  public var snapshotChunks: some Sequence<[UInt8]> { written.chunks }
  /// Records collected for the new snapshot.
  public var snapshotRecords: Int { written.count }
}
