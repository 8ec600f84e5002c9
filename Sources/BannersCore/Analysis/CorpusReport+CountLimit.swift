extension CorpusReport {
  /// What of this report (a partial read back, or partials merged) is past
  /// `CountLimit.maximum`, if anything: a count, or a sum that its printers or its
  /// merge compute. Nil when everything fits.
  ///
  /// A merge checks this after every partial it adds: each count then stays within the
  /// limit, so adding the next partial (its counts within the limit too) cannot overflow
  /// an `Int`, and neither can the sums the report prints (overlaps, residue groups).
  func countPastLimit() -> String? {
    let maximum = CountLimit.maximum
    let scalars: [(String, Int)] = [
      ("records", counts.records), ("connections", counts.connections),
      ("classified", counts.classified), ("residue", counts.residue),
      ("undecided", counts.undecided), ("undecided banners", undecided.count),
      ("ambiguous_banners", overlaps.ambiguousBanners), ("limit_hits", limitHitCount),
      ("bad_lines", badLines), ("failures", failures.records),
    ]
    if let (name, _) = scalars.first(where: { $0.1 > maximum }) { return "the \(name)" }
    for rule in coverage {
      if rule.wins > maximum || rule.matches > maximum || rule.limitHits > maximum
        || rule.claimedBy.values.contains(where: { $0 > maximum })
      {
        return "the coverage of rule \(rule.rule)"
      }
    }
    // `tally` (the posts' tables) adds these up.
    if CountLimit.total(
      coverage.map(\.wins) + [counts.residue, counts.undecided, failures.records])
      == nil
    {
      return "the posts' records (wins, residue, undecided and failures), summed"
    }
    if CountLimit.total(overlaps.ambiguous.values.map(\.count)) == nil {
      return "the ambiguous overlaps' counts, summed"
    }
    if CountLimit.total(overlaps.redundant.values.map(\.count)) == nil {
      return "the redundant overlaps' counts, summed"
    }
    if CountLimit.total(residue.firstSeen.map(\.count) + [residue.pruned, residue.overflow]) == nil
    {
      return "the residue groups' counts, summed"
    }
    return nil
  }
}
