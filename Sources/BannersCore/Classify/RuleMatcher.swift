/// Matches banners against a rule list. One per worker: it owns the PCRE2 match data
/// and JIT stack, reused for every banner; not thread-safe, cheap to create.
///
/// Callers ask for the first match (`verdict(for:)`) or every rule's answer
/// (`evaluate(_:into:)`); both go through here so that a one-pass prefilter can later
/// replace rule-by-rule matching without touching callers.
public final class RuleMatcher {
  public let rules: RuleList
  private let scratch: RegexMatchScratch

  public init(_ rules: RuleList, limits: MatchLimits = .default) {
    self.rules = rules
    self.scratch = RegexMatchScratch(limits: limits)
  }

  /// The first rule that matches `banner`, or residue, or undecided.
  ///
  /// - Complexity: O(rules x banner) in the worst case; stops at the first match.
  public func verdict(for banner: [UInt8]) -> Verdict {
    banner.withUnsafeBufferPointer { verdict(for: $0) }
  }

  public func verdict(for banner: UnsafeBufferPointer<UInt8>) -> Verdict {
    for (index, pattern) in rules.patterns.enumerated() {
      do {
        if try pattern.firstMatch(in: banner, scratch: scratch) != nil {
          return .matched(rule: index)
        }
      } catch {
        return .undecided(rule: index, reason: error.message)
      }
    }
    return .residue
  }

  /// Every rule's answer for `banner`, written into `evaluation` (cleared first, so one
  /// value can be reused across banners without allocating).
  public func evaluate(_ banner: UnsafeBufferPointer<UInt8>, into evaluation: inout RuleEvaluation)
  {
    evaluation.removeAll()
    for (index, pattern) in rules.patterns.enumerated() {
      do {
        if try pattern.firstMatch(in: banner, scratch: scratch) != nil {
          evaluation.matched.append(index)
        }
      } catch {
        evaluation.undecidedRules.append(.init(rule: index, reason: error.message))
      }
    }
  }

  public func evaluate(_ banner: [UInt8]) -> RuleEvaluation {
    var evaluation = RuleEvaluation()
    banner.withUnsafeBufferPointer { evaluate($0, into: &evaluation) }
    return evaluation
  }

  /// The byte range rule `index` matches in `banner`, for showing what matched.
  public func matchRange(ofRule index: Int, in banner: [UInt8]) -> Range<Int>? {
    banner.withUnsafeBufferPointer {
      try? rules.patterns[index].firstMatch(in: $0, scratch: scratch)
    }
  }
}
