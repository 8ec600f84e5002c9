import BannersCore
import BannersTestSupport
import Testing

/// A catastrophic regex must neither hang a run nor pass for "no match".
@Suite struct MatchLimitTests {
  /// Issue 12: past the backtracking limit, PCRE2's DFA matcher decides.
  @Test func exponentialBacktrackingIsDecidedByTheDFA() throws {
    let rules = try AwkOracle.rules(
      "/^(a|a)*$/ pathological\n/^(a|a)*!$/ bang\n/Sendmail/ sendmail\n")
    let banner = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "!")]
    #expect(RuleMatcher(rules).verdict(for: banner) == .matched(rule: 1))
    let evaluation = RuleMatcher(rules).evaluate(banner)
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
    #expect(RuleMatcher(rules).verdict(for: banner) == .matched(rule: 0))
  }

  @Test func theSameRuleAndBannerMatchUnderAHigherLimit() throws {
    let rules = try AwkOracle.rules("/^(a|a)*!$/ pathological\n")
    let banner = Array(String(repeating: "a", count: 12).utf8) + [UInt8(ascii: "!")]
    #expect(RuleMatcher(rules).verdict(for: banner) == .matched(rule: 0))
  }

  @Test func dotStarOverALargeBannerDoesNotExhaustTheJITStack() throws {
    let rules = try AwkOracle.rules("/(x|y)*z$/ tail\n")
    let banner = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024) + [UInt8(ascii: "z")]
    #expect(RuleMatcher(rules).verdict(for: banner) == .matched(rule: 0))
  }
}
