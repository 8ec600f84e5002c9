/// Residue ("not sure") banners grouped by `ResidueShape`, in bounded memory.
///
/// At most `capacity` groups are tracked. When the table is full, groups seen only once
/// are dropped to make room (the long tail of one-off banners), and their banners are
/// counted in `pruned`; when that frees too little, banners of new shapes are counted
/// in `overflow` instead of getting a group. A report says so whenever either count is
/// not zero, so that no banner goes missing silently.
public struct ResidueGroups: Sendable {
  public struct Group: Sendable, Hashable {
    public var shape: ResidueShape
    public var count = 0
    public var examples: [BannerExample] = []

    public init(shape: ResidueShape, count: Int = 0, examples: [BannerExample] = []) {
      self.shape = shape
      self.count = count
      self.examples = examples
    }
  }

  public let capacity: Int
  public let examples: Int
  private var index: [ResidueShape: Int] = [:]
  private var groups: [Group] = []
  /// Banners of shapes dropped when the table was full (they were seen once).
  public private(set) var pruned = 0
  /// Banners of new shapes seen after the table filled up for good.
  public private(set) var overflow = 0
  private var pruningExhausted = false

  public init(capacity: Int = 10_000, examples: Int = 2) {
    precondition(capacity > 0)
    self.capacity = capacity
    self.examples = examples
  }

  /// A table of `groups` (distinct shapes, in the order they were first seen), as a merge
  /// of shards' tables builds it (`ResidueGroups+Merge.swift`).
  init(capacity: Int, examples: Int, groups: [Group], pruned: Int, overflow: Int) {
    precondition(capacity > 0)
    self.capacity = capacity
    self.examples = examples
    self.groups = groups
    for (slot, group) in groups.enumerated() { index[group.shape] = slot }
    self.pruned = pruned
    self.overflow = overflow
  }

  /// Groups tracked so far.
  public var groupCount: Int { groups.count }

  /// The groups in the order their shapes were first seen.
  var firstSeen: [Group] { groups }

  /// Counts one residue banner.
  mutating func add(_ record: CorpusRecord, shape: ResidueShape? = nil) {
    add(shape ?? ResidueShape(of: record.banner ?? []), example: BannerExample(record))
  }

  /// Counts one residue banner of `shape` (the whole banner's, not the example's, which
  /// may be cut); `example` is made only when the banner's group keeps it.
  mutating func add(_ shape: ResidueShape, example: @autoclosure () -> BannerExample) {
    if let slot = index[shape] {
      groups[slot].count += 1
      if groups[slot].examples.count < examples { groups[slot].examples.append(example()) }
      return
    }
    if groups.count >= capacity { pruneSingletons() }
    guard groups.count < capacity else {
      overflow += 1
      return
    }
    index[shape] = groups.count
    var group = Group(shape: shape, count: 1)
    if examples > 0 { group.examples.append(example()) }
    groups.append(group)
  }

  /// Drops groups of one banner, unless that would free under a tenth of the table (then
  /// never again: pruning each time would cost O(groups) per banner).
  private mutating func pruneSingletons() {
    guard !pruningExhausted else { return }
    let singletons = groups.count(where: { $0.count == 1 })
    guard singletons * 10 >= capacity else {
      pruningExhausted = true
      return
    }
    pruned += singletons
    groups.removeAll { $0.count == 1 }
    index.removeAll(keepingCapacity: true)
    for (slot, group) in groups.enumerated() { index[group.shape] = slot }
  }

  /// The groups, largest first; ties in a fixed order of their shapes, so output is
  /// stable.
  public var sorted: [Group] { largest(groups.count) }

  /// The `limit` largest groups, largest first, in the order of `sorted`.
  ///
  /// - Complexity: O(groups x log limit) for a small limit.
  public func largest(_ limit: Int) -> [Group] {
    func before(_ a: Group, _ b: Group) -> Bool {
      a.count != b.count ? a.count > b.count : ResidueShape.precedes(a.shape, b.shape)
    }
    guard limit < groups.count / 4 else { return Array(groups.sorted(by: before).prefix(limit)) }
    var top: [Group] = []
    for group in groups where top.count < limit || before(group, top[top.count - 1]) {
      let slot = top.firstIndex { before(group, $0) } ?? top.count
      top.insert(group, at: slot)
      if top.count > limit { top.removeLast() }
    }
    return top
  }
}
