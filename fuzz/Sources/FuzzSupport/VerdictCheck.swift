import BannersCore

/// Differential checks shared by the rule and regex targets.
public enum VerdictCheck {
  /// A limit so low that nearly every match attempt hits it, so PCRE2's DFA matcher
  /// decides instead of the backtracking one.
  public static let dfaForcing = MatchLimits(matchLimit: 1, depthLimit: 1)

  /// Matchers whose decided verdicts must agree: the default (the rule list's lazy DFA),
  /// the prefiltered one, rule by rule, and rule by rule decided by the DFA fallback.
  public static func matchers(_ rules: RuleList) -> [RuleMatcher] {
    [
      RuleMatcher(rules),
      RuleMatcher(rules, strategy: .prefiltered),
      RuleMatcher(rules, strategy: .ruleByRule),
      RuleMatcher(rules, limits: dfaForcing, strategy: .ruleByRule),
    ]
  }

  /// Fails the run when two matchers decide `banner` differently. An undecided verdict
  /// is not compared: the prefilter may skip a rule that gives up under another matcher.
  public static func agree(_ matchers: [RuleMatcher], on banner: [UInt8]) {
    let verdicts = matchers.map { $0.verdict(for: banner) }
    let decided = verdicts.enumerated().filter {
      if case .undecided = $0.element { return false }
      return true
    }
    guard let first = decided.first else { return }
    for other in decided.dropFirst() where other.element != first.element {
      FuzzInput.fail(
        "matcher \(first.offset) says \(first.element), matcher \(other.offset) says "
          + "\(other.element) for banner \(TerminalSafe.escape(banner))")
    }
  }
}
