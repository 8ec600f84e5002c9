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

/// What `AllMatches` finds in one record: every rule's answer on its banner, and for
/// residue the banner's shape.
///
/// A struct rather than a tuple: the scan copies and destroys every finding through
/// its value witnesses, and a tuple's are the runtime's generic ones (element by
/// element, through metadata), which cost `report` about 850 instructions a record.
public struct BannerEvaluation: Sendable {
  public var evaluation: RuleEvaluation
  public var shape: ResidueShape?

  public init(evaluation: RuleEvaluation, shape: ResidueShape? = nil) {
    self.evaluation = evaluation
    self.shape = shape
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
    -> BannerEvaluation
  {
    guard record.outcome == .ok else { return BannerEvaluation(evaluation: RuleEvaluation()) }
    var evaluation = RuleEvaluation()
    (record.banner ?? []).withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
    let shape = evaluation.verdict == .residue ? ResidueShape(of: record.banner ?? []) : nil
    return BannerEvaluation(evaluation: evaluation, shape: shape)
  }
}
