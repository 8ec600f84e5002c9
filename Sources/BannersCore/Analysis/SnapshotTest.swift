/// `test`: every record's entry now (outcome and label under the rule list), compared
/// with a snapshot, or collected to write a new snapshot (`--update`).
///
///     var test = SnapshotTest(rules: rules, expecting: try ExpectedSnapshot.open(path))
///     try CorpusScan(request).run(&test)
///     let comparison = try test.finish()   // what moved, snapshot records not seen included
///
/// Memory stays flat whatever the corpus size. A snapshot file up to `memory` bytes is
/// held (`Snapshot`) and each record looks its identity up as it comes; a larger one is
/// read from its file in identity order (`SnapshotFile`) and merged with the corpus's
/// entries sorted in at most `memory` bytes plus scratch files (`SnapshotJoin`). A new
/// snapshot's records are sorted the same way (`SnapshotCollector`). Scratch files go
/// to `scratch` (`$TMPDIR`) and have no name there: nothing is left behind, however
/// the run ends. Repeats are numbered by `RecordIdentity`; docs/measurements.md has
/// the memory at ten million records.
public struct SnapshotTest: CorpusAnalysis {
  /// Memory for the snapshot or the records sorted, before scratch files are used.
  public static let defaultMemory = 32 << 20

  public let rules: RuleList
  public let examination: FirstMatch
  public private(set) var undecided = UndecidedVerdicts()
  /// The first scratch file error (a full disk): the scan is stopped then, and `finish`
  /// or `writeSnapshot` throws it.
  public private(set) var failure: SystemError?
  /// When writing a new snapshot.
  private var collector: SnapshotCollector?
  /// When comparing with a snapshot held in memory.
  private var expected: Snapshot?
  private var comparison: SnapshotComparison
  /// When comparing with a snapshot read from its file.
  private var snapshotFile: SnapshotFile?
  private var join: SnapshotJoin?
  private var identities: RecordIdentity
  /// Few distinct outcomes and labels: each is escaped once, not once per record.
  private var entries: [String: Snapshot.Entry] = [:]
  private let stop: StopSignal?

  /// Compares with `snapshot`, or with `nil` collects entries for a new snapshot;
  /// `repeats` from a first pass over a large corpus (`RepeatedTargets.survey`).
  /// `stop` (the scan's) is raised when a scratch file cannot be written, and asked
  /// while the sorted entries are merged.
  public init(
    rules: RuleList, limits: MatchLimits = .default, expecting snapshot: ExpectedSnapshot?,
    examples: Int = 3, repeats: RepeatedTargets? = nil, memory: Int = Self.defaultMemory,
    scratch: ScratchFiles = ScratchFiles(), stop: StopSignal? = nil
  ) {
    self.init(
      rules: rules, limits: limits, expecting: snapshot, examples: examples, repeats: repeats,
      sorter: ExternalSorter(memory: memory, scratch: scratch), stop: stop)
  }

  init(
    rules: RuleList, limits: MatchLimits, expecting snapshot: ExpectedSnapshot?,
    examples: Int, repeats: RepeatedTargets?, sorter: ExternalSorter, stop: StopSignal?
  ) {
    self.rules = rules
    self.identities = RecordIdentity(repeats: repeats)
    self.examination = FirstMatch(rules, limits: limits)
    self.comparison = SnapshotComparison(examples: examples)
    self.stop = stop
    switch snapshot {
    case nil: collector = SnapshotCollector(sorter: sorter)
    case .memory(let snapshot): expected = snapshot
    case .file(let file):
      snapshotFile = file
      join = SnapshotJoin(sorter: sorter)
    }
  }

  public mutating func add(_ record: CorpusRecord, _ verdict: Verdict?) {
    let identity = identities.identity(of: record)
    undecided.add(verdict, rules: rules, record: record)
    let label = verdict.map { rules.label(of: $0) } ?? ""
    let key = record.outcome == .ok ? "ok\t" + label : record.outcome.description
    let entry = entries[key] ?? Snapshot.Entry(outcome: record.outcome, label: label)
    if entries.count < 10_000 { entries[key] = entry }
    guard failure == nil else { return }
    var rule: Int?
    if case .matched(let index) = verdict { rule = index }
    do throws(SystemError) {
      if collector != nil {
        try collector!.append(identity, entry)
      } else if join != nil {
        try join!.add(identity: identity, entry: entry, rule: rule, record: record)
      } else {
        comparison.add(
          identity: identity, now: entry, rule: rule.map { rules.rules[$0].reference },
          record: record, expected: expected?.take(identity))
      }
    } catch {
      failure = error
      stop?.raise()
    }
  }

  /// The comparison, with the snapshot's records the corpus lacked counted as moved to
  /// "(not in corpus)"; nil when `stop` was raised while the sorted entries were merged.
  /// Once only.
  ///
  /// - Throws: `failure`; `SystemError` when a scratch file cannot be read;
  ///   `InputError` when the snapshot file changed since it was opened.
  public mutating func finish() throws -> SnapshotComparison? {
    if let failure { throw failure }
    if join != nil, let snapshotFile {
      return try join!.compare(
        with: snapshotFile, rules: rules, examples: comparison.examples, stop: stop)
    }
    var comparison = comparison
    if let expected { comparison.finish(leftover: expected) }
    return comparison
  }

  /// Writes the new snapshot to `path` (when collecting): `FileBytes.replace`, so an
  /// error or `stop` leaves the old file as it was. Once only.
  ///
  /// - Throws: `failure`, or `SystemError` from the write (EINTR when stopped).
  public mutating func writeSnapshot(to path: String) throws(SystemError) {
    if let failure { throw failure }
    guard collector != nil else { return }
    try FileBytes.replace(path) { (write) throws(WriteError) in
      try collector!.write(stop: stop, write)
    }
  }

  /// Records collected for the new snapshot.
  public var snapshotRecords: Int { collector?.count ?? 0 }
}
