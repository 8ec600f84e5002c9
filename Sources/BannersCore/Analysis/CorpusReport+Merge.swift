extension CorpusReport {
  /// Adds `other`, the first pass of a report over a later part of the same corpus with
  /// the same rules and options: counters add up, examples are kept in order (this
  /// part's first, so parts in corpus order keep the examples one scan keeps), and
  /// residue tables merge (`ResidueGroups.merged(with:)`, exact unless a table filled).
  /// Suggested rules are not merged: they need the second pass over the merged residue
  /// (`checkSuggestions`, `SuggestionCheck.absorb`).
  mutating func merge(_ other: CorpusReport) {
    precondition(other.coverage.count == coverage.count, "partials of one rule list")
    counts.records += other.counts.records
    counts.connections += other.counts.connections
    counts.classified += other.counts.classified
    counts.residue += other.counts.residue
    counts.undecided += other.counts.undecided
    failures.merge(other.failures)
    for (rule, part) in other.coverage.enumerated() {
      coverage[rule].wins += part.wins
      coverage[rule].matches += part.matches
      coverage[rule].limitHits += part.limitHits
      coverage[rule].claimedBy.merge(part.claimedBy, uniquingKeysWith: +)
    }
    overlaps.merge(other.overlaps)
    residue = residue.merged(with: other.residue)
    undecided.merge(other.undecided)
    limitHitCount += other.limitHitCount
    let room = max(0, options.limitHitsKept - limitHits.count)
    limitHits += other.limitHits.prefix(room)
    badLines += other.badLines
  }
}

extension OverlapCounter {
  /// Adds the overlaps of a later part of the corpus (examples in order, this part's
  /// first).
  mutating func merge(_ other: OverlapCounter) {
    for (pair, overlap) in other.ambiguous { Self.add(overlap, at: pair, to: &ambiguous, examples) }
    for (pair, overlap) in other.redundant { Self.add(overlap, at: pair, to: &redundant, examples) }
    ambiguousBanners += other.ambiguousBanners
  }

  private static func add(
    _ overlap: RulePairOverlap, at pair: Pair, to table: inout [Pair: RulePairOverlap],
    _ examples: Int
  ) {
    guard var current = table[pair] else {
      table[pair] = overlap
      return
    }
    current.count += overlap.count
    current.examples += overlap.examples.prefix(max(0, examples - current.examples.count))
    table[pair] = current
  }
}
