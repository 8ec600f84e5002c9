/// Banners two rules both match, keyed by the rule that wins and a rule that loses.
///
/// When the labels differ the banner is **ambiguous**: the order of the two rules
/// decides its label (`/Sendmail/ sendmail` before `/Complaints.bugs to/ MMDF` on a
/// banner with both). When the labels are the same the overlap is **redundant**: either
/// rule would give the same label.
public struct RulePairOverlap: Sendable, Hashable {
  public var winner: Int
  public var loser: Int
  public var count = 0
  public var examples: [BannerExample] = []

  public init(winner: Int, loser: Int) {
    self.winner = winner
    self.loser = loser
  }
}

/// Counts the overlaps of one corpus in memory bounded by the square of the number of
/// rules (at most one entry per pair), whatever the corpus size.
public struct OverlapCounter: Sendable {
  public struct Pair: Hashable, Sendable {
    public var winner: Int
    public var loser: Int

    public init(winner: Int, loser: Int) {
      self.winner = winner
      self.loser = loser
    }
  }

  public internal(set) var ambiguous: [Pair: RulePairOverlap] = [:]
  public internal(set) var redundant: [Pair: RulePairOverlap] = [:]
  /// Banners matched by rules with at least two different labels.
  public internal(set) var ambiguousBanners = 0
  public let examples: Int

  public init(examples: Int) { self.examples = examples }

  /// Counts the pairs (first match, other match) of one banner's matches.
  mutating func add(matched: [Int], rules: [Rule], record: CorpusRecord) {
    add(
      matched: matched, sameLabel: { rules[$0].label == rules[$1].label },
      example: BannerExample(record))
  }

  /// As `add(matched:rules:record:)`: `sameLabel` tells whether two rules give the same
  /// label, and the banner's example is made only when a pair keeps it.
  mutating func add(
    matched: [Int], sameLabel: (Int, Int) -> Bool,
    example: @autoclosure () -> BannerExample
  ) {
    guard matched.count > 1 else { return }
    let winner = matched[0]
    var sawAmbiguity = false
    for slot in 1..<matched.count {
      let pair = Pair(winner: winner, loser: matched[slot])
      if sameLabel(winner, pair.loser) {
        Self.count(pair, in: &redundant, examples: examples, example: example())
      } else {
        sawAmbiguity = true
        Self.count(pair, in: &ambiguous, examples: examples, example: example())
      }
    }
    if sawAmbiguity { ambiguousBanners += 1 }
  }

  /// Counts one banner of `pair`, keeping its example while fewer than `limit` are kept.
  /// The entry is changed in place (the `default:` subscript cost two allocations per
  /// pair: this runs for every banner that several rules match).
  private static func count(
    _ pair: Pair, in table: inout [Pair: RulePairOverlap], examples limit: Int,
    example: @autoclosure () -> BannerExample
  ) {
    guard let index = table.index(forKey: pair) else {
      var overlap = RulePairOverlap(winner: pair.winner, loser: pair.loser)
      overlap.count = 1
      if limit > 0 { overlap.examples.append(example()) }
      table[pair] = overlap
      return
    }
    table.values[index].count += 1
    if table.values[index].examples.count < limit { table.values[index].examples.append(example()) }
  }

  /// Largest count first, then by rule order.
  static func sorted(_ overlaps: [Pair: RulePairOverlap]) -> [RulePairOverlap] {
    overlaps.values.sorted {
      ($1.count, $0.winner, $0.loser) < ($0.count, $1.winner, $1.loser)
    }
  }
}
