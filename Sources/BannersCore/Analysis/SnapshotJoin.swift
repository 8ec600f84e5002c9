/// `test` against a `SnapshotFile`, in bounded memory: each record's entry, keyed by
/// its identity as the snapshot holds it (escaped), goes to an `ExternalSorter` (the
/// value: its details' offset, the rule, the entry), its details to
/// `SnapshotRecordDetails`; `compare` merges the sorted entries with the snapshot's.
///
/// It finds what `Snapshot.take` in corpus order finds, byte for byte: the first
/// record of an identity (in corpus order: the sort is stable) takes the snapshot's
/// entry, later ones are not in the snapshot, and snapshot entries no record took are
/// not in the corpus. Examples are the first in corpus order (the smallest offsets),
/// then snapshot records by identity, as `SnapshotComparison` notes them.
struct SnapshotJoin {
  private var sorter: ExternalSorter
  private var codes = SnapshotEntryCodes()
  private var details: SnapshotRecordDetails?
  private var value: [UInt8] = []
  private(set) var records = 0

  init(sorter: ExternalSorter) { self.sorter = sorter }

  /// Adds one record of the corpus: `rule` is the index of the rule that matched.
  ///
  /// - Throws: `SystemError` when a scratch file cannot be written.
  mutating func add(identity: String, entry: Snapshot.Entry, rule: Int?, record: CorpusRecord)
    throws(SystemError)
  {
    if details == nil { details = SnapshotRecordDetails(file: try sorter.scratch.makeFile()) }
    let offset = try details!.append(identity: identity, record: record)
    value.removeAll(keepingCapacity: true)
    VarInt.append(offset, to: &value)
    VarInt.append((rule ?? -1) + 1, to: &value)
    codes.append(entry, to: &value)
    try sorter.append(key: TerminalSafe.escape(identity).utf8, value: value)
    records += 1
  }

  /// What moved, or nil when `stop` was raised first. Once only.
  ///
  /// - Throws: `SystemError` when a scratch file cannot be read, `InputError` when the
  ///   snapshot file changed since it was checked.
  mutating func compare(
    with snapshot: SnapshotFile, rules: RuleList, examples: Int, stop: StopSignal?
  ) throws -> SnapshotComparison? {
    let corpus = try sorter.sorted()
    let expected = try snapshot.entries()
    try details?.flush()
    var groups = Groups(examples: examples)
    var missing = 0
    var haveCorpus = try corpus.next()
    var haveExpected = try expected.next()
    var previous: [UInt8]? = nil
    var steps = 0
    while haveCorpus || haveExpected {
      steps += 1
      if steps & 0xFFFF == 1, stop?.isRaised == true { return nil }
      let order =
        !haveCorpus
        ? 1
        : !haveExpected
          ? -1
          : corpus.key.withUnsafeBufferPointer { key in
            expected.identity.withUnsafeBufferPointer { ExternalSorter.compare(key, $0) }
          }
      if order > 0 {
        missing += 1
        let entry = expected.entry
        groups.add(
          fast: expected.code.map { Groups.Codes(from: $0, to: -1, rule: -1) },
          key: { .init(from: entry.display, to: SnapshotComparison.notInCorpus, rule: nil) },
          leftover: String(decoding: expected.identity, as: UTF8.self))
        haveExpected = try expected.next()
        continue
      }
      var taken: (entry: Snapshot.Entry, code: Int?)?
      if order == 0, corpus.key != previous {
        taken = (expected.entry, expected.code)
        haveExpected = try expected.next()
      }
      var index = 0
      guard let offset = VarInt.read(corpus.value, at: &index),
        let ruleNumber = VarInt.read(corpus.value, at: &index),
        let (now, nowCode) = codes.read(corpus.value, at: &index)
      else { preconditionFailure("the sorter holds what `add` wrote") }
      if taken?.entry != now {
        let fast: Groups.Codes? =
          if let nowCode, taken == nil || taken?.code != nil {
            Groups.Codes(from: taken?.code ?? -2, to: nowCode, rule: Int(ruleNumber))
          } else {
            nil
          }
        groups.add(
          fast: fast,
          key: {
            .init(
              from: taken?.entry.display ?? SnapshotComparison.notInSnapshot, to: now.display,
              rule: ruleNumber == 0 ? nil : rules.rules[Int(ruleNumber) - 1].reference)
          },
          offset: Int(offset))
      }
      if corpus.key != previous { previous = corpus.key }
      haveCorpus = try corpus.next()
    }
    var moves: [SnapshotComparison.Move] = []
    for group in groups.groups {
      var move = SnapshotComparison.Move(key: group.key, count: group.count)
      for offset in group.offsets.sorted() {
        guard let details else { break }
        let record = try details.read(at: offset)
        move.examples.append((record.identity, record.source, record.banner))
      }
      for identity in group.leftovers.sorted() where move.examples.count < examples {
        move.examples.append((identity, nil, nil))
      }
      moves.append(move)
    }
    return SnapshotComparison(
      examples: examples, records: records, missing: missing, moves: moves)
  }
}

/// The moves of a merge as they are found, in identity order, with the examples
/// `SnapshotComparison` would have kept: the smallest offsets (corpus order), then the
/// smallest leftover identities (`String` order, as it sorts them), each kept in a
/// max-heap of `examples`.
private struct Groups {
  /// A move by the numbers of its entries (-2 "not in snapshot", -1 "not in corpus")
  /// and rule (0 none), so that most records find their group without making strings.
  struct Codes: Hashable {
    var from: Int
    var to: Int
    var rule: Int
  }

  struct Group {
    var key: SnapshotComparison.Key
    var count = 0
    var offsets: [Int] = []
    var leftovers: [String] = []
  }

  let examples: Int
  private(set) var groups: [Group] = []
  private var byKey: [SnapshotComparison.Key: Int] = [:]
  private var byCodes: [Codes: Int] = [:]

  init(examples: Int) { self.examples = examples }

  mutating func add(
    fast: Codes?, key: () -> SnapshotComparison.Key, offset: Int? = nil, leftover: String? = nil
  ) {
    let index: Int
    if let fast, let known = byCodes[fast] {
      index = known
    } else {
      let key = key()
      index = byKey[key] ?? groups.count
      if index == groups.count {
        groups.append(Group(key: key))
        byKey[key] = index
      }
      if let fast { byCodes[fast] = index }
    }
    groups[index].count += 1
    if let offset { Self.keep(offset, in: &groups[index].offsets, limit: examples) }
    if let leftover { Self.keep(leftover, in: &groups[index].leftovers, limit: examples) }
  }

  /// Keeps the `limit` smallest values seen in `smallest`, a max-heap (so a value costs
  /// O(log limit) however large `--examples` is); sort it when done.
  private static func keep<Value: Comparable>(
    _ value: Value, in smallest: inout [Value], limit: Int
  ) {
    if smallest.count < limit {
      smallest.append(value)
      var child = smallest.count - 1
      while child > 0, smallest[(child - 1) / 2] < smallest[child] {
        smallest.swapAt(child, (child - 1) / 2)
        child = (child - 1) / 2
      }
      return
    }
    guard let largest = smallest.first, value < largest else { return }
    smallest[0] = value
    var parent = 0
    while true {
      var top = parent
      for child in [2 * parent + 1, 2 * parent + 2]
      where child < smallest.count && smallest[top] < smallest[child] {
        top = child
      }
      guard top != parent else { return }
      smallest.swapAt(parent, top)
      parent = top
    }
  }
}
