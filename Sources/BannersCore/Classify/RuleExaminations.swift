/// What workers compute for the analyses that classify: the first match of one rule
/// list, of two, or every rule's answer.

/// The first rule of `rules` that matches a record's banner; nil for a failed
/// connection (nothing to match).
public struct FirstMatch: RecordExamination {
  public let rules: RuleList
  public let limits: MatchLimits

  public init(_ rules: RuleList, limits: MatchLimits = .default) {
    self.rules = rules
    self.limits = limits
  }

  public func makeWorker() -> RuleMatcher { RuleMatcher(rules, limits: limits) }

  public func examine(_ record: CorpusRecord, using matcher: inout RuleMatcher) -> Verdict? {
    record.outcome == .ok ? matcher.verdict(for: record.banner ?? []) : nil
  }
}

/// The first match under an old and a new rule list, for `diff`.
public struct FirstMatchOfTwo: RecordExamination {
  public let old: FirstMatch
  public let new: FirstMatch

  public init(old: RuleList, new: RuleList, limits: MatchLimits = .default) {
    self.old = FirstMatch(old, limits: limits)
    self.new = FirstMatch(new, limits: limits)
  }

  public func makeWorker() -> (RuleMatcher, RuleMatcher) { (old.makeWorker(), new.makeWorker()) }

  public func examine(_ record: CorpusRecord, using matchers: inout (RuleMatcher, RuleMatcher))
    -> (old: Verdict?, new: Verdict?)
  {
    (old.examine(record, using: &matchers.0), new.examine(record, using: &matchers.1))
  }
}

/// Every rule's answer on a record's banner, and for residue its shape (computed on the
/// worker, where it is cheap to spread), for `report`.
public struct AllMatches: RecordExamination {
  public let rules: RuleList
  public let limits: MatchLimits

  public init(_ rules: RuleList, limits: MatchLimits = .default) {
    self.rules = rules
    self.limits = limits
  }

  public func makeWorker() -> RuleMatcher { RuleMatcher(rules, limits: limits) }

  public func examine(_ record: CorpusRecord, using matcher: inout RuleMatcher)
    -> (evaluation: RuleEvaluation, shape: ResidueShape?)
  {
    guard record.outcome == .ok else { return (RuleEvaluation(), nil) }
    var evaluation = RuleEvaluation()
    (record.banner ?? []).withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
    let shape = evaluation.verdict == .residue ? ResidueShape(of: record.banner ?? []) : nil
    return (evaluation, shape)
  }
}
