import BannersCore
import BannersTestSupport
import Testing

/// A catastrophic regex must neither hang a run nor pass for "no match". PCRE2 runs
/// every rule here (`.prefiltered`): by default the rule list's lazy DFA answers these
/// rules without backtracking at all, and it must say the same.
@Suite struct MatchLimitTests {
  /// Issue 12: past the backtracking limit, PCRE2's DFA matcher decides.
  @Test(arguments: RuleMatcher.Strategy.allCases)
  func exponentialBacktrackingIsDecidedByTheDFA(strategy: RuleMatcher.Strategy) throws {
    let rules = try AwkOracle.rules(
      "/^(a|a)*$/ pathological\n/^(a|a)*!$/ bang\n/Sendmail/ sendmail\n")
    let banner = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "!")]
    #expect(RuleMatcher(rules, strategy: strategy).verdict(for: banner) == .matched(rule: 1))
    let evaluation = RuleMatcher(rules, strategy: strategy).evaluate(banner)
    #expect(evaluation.matched == [1])
    #expect(evaluation.undecided.isEmpty)
  }

  @Test func exponentialBacktrackingWithoutTheDFAIsUndecidedNotResidue() throws {
    let rules = try AwkOracle.rules("/^(a|a)*$/ pathological\n/Sendmail/ sendmail\n")
    let banner = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "!")]
    let verdict = RuleMatcher(rules, limits: MatchLimits(dfaWorkspaceLimit: 0)).verdict(
      for: banner)
    guard case .undecided(let rule, let reason) = verdict else {
      Issue.record("expected undecided, got \(verdict)")
      return
    }
    #expect(rule == 0)
    #expect(reason.contains("limit"), "\(reason)")
    #expect(rules.label(of: verdict) != RuleList.residueLabel)
  }

  @Test func anEarlierMatchDecidesBeforeTheCostlyRuleRuns() throws {
    let rules = try AwkOracle.rules("/aaa/ early\n/^(a|a)*$/ pathological\n")
    let banner = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "!")]
    let matcher = RuleMatcher(rules, limits: MatchLimits(dfaWorkspaceLimit: 0))
    #expect(matcher.verdict(for: banner) == .matched(rule: 0))
  }

  @Test(arguments: RuleMatcher.Strategy.allCases)
  func theSameRuleAndBannerMatchUnderAHigherLimit(strategy: RuleMatcher.Strategy) throws {
    let rules = try AwkOracle.rules("/^(a|a)*!$/ pathological\n")
    let banner = Array(String(repeating: "a", count: 12).utf8) + [UInt8(ascii: "!")]
    #expect(RuleMatcher(rules, strategy: strategy).verdict(for: banner) == .matched(rule: 0))
  }

  @Test(arguments: RuleMatcher.Strategy.allCases)
  func dotStarOverALargeBannerDoesNotExhaustTheJITStack(strategy: RuleMatcher.Strategy) throws {
    let rules = try AwkOracle.rules("/(x|y)*z$/ tail\n")
    let banner = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024) + [UInt8(ascii: "z")]
    #expect(RuleMatcher(rules, strategy: strategy).verdict(for: banner) == .matched(rule: 0))
  }
}
