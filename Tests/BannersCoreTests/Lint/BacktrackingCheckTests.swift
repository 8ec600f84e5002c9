import BannersTestSupport
import Testing

@testable import BannersCore

/// The backtracking check warns only with an attack that PCRE2, under the project's
/// match limits, gives up on; classics are flagged, the posts' rules are not.
@Suite struct BacktrackingCheckTests {
  @Test(arguments: ["^(a|a)*$", "(x+x+)+y", "(a|aa)+$", "^(ab|a|b)*c", "([a-z]+[0-9]*)+!"])
  func classicsAreFlaggedWithAnAttackPCRE2GivesUpOn(_ regex: String) throws {
    let list = try AwkOracle.rules("/\(regex)/ slow\n")
    let result = LanguageChecks.run(list.rules)
    let warning = try #require(result.diagnostics.first { $0.check == .backtracking })
    #expect(warning.severity == .warning)
    let attack = try #require(warning.attack)
    // Backtracking alone gives up on the attack (the matcher's DFA fallback would then
    // decide the banner, which is how `classify` leaves nothing undecided).
    var backtrackingOnly = MatchLimits.default
    backtrackingOnly.dfaWorkspaceLimit = 0
    guard case .undecided = RuleMatcher(list, limits: backtrackingOnly).verdict(for: attack) else {
      Issue.record("PCRE2 decided /\(regex)/ on the attack \(TerminalSafe.escape(attack))")
      return
    }
  }

  @Test(arguments: ["a*a*b", "(ab)*c", "x+y+z", "(a|b)*c", "[0-9]+\\.[0-9]+", "MDaemon .* Help"])
  func unambiguousLoopsAreNotFlagged(_ regex: String) throws {
    let list = try AwkOracle.rules("/\(regex)/ fine\n")
    #expect(LanguageChecks.run(list.rules).diagnostics.allSatisfy { $0.check != .backtracking })
  }

  @Test(arguments: ["rules/smtp-1997.rules", "rules/smtp-1998.rules"])
  func noRuleOfThePostsIsFlagged(_ path: String) throws {
    let list = try RuleList(contentsOf: packageRoot.appendingPathComponent(path).path)
    let scratch = RegexMatchScratch(limits: .default)
    for (index, rule) in list.rules.enumerated() {
      let attack = LanguageChecks.Backtracking.confirmedAttack(
        rule.translation.syntax, program: list.patterns[index].program, scratch: scratch)
      #expect(attack == nil, "line \(rule.location.line)")
    }
  }
}
