import BannersTestSupport
import Testing

@testable import BannersCore

/// The backtracking check warns only with an attack that PCRE2, under the project's
/// match limits, gives up on, or whose step count PCRE2 was seen to multiply by 3.5 or
/// more when the attack doubles; classics are flagged, the posts' rules are not.
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

  // MARK: polynomial

  @Test(arguments: [" *  *  *$", "[ \\t]*x?[ \\t]*$", "[0-9]+[0-9]+$"])
  func polynomialClassicsAreFlaggedWithAMeasuredAttack(_ regex: String) throws {
    let list = try AwkOracle.rules("/\(regex)/ slow\n")
    let warning = try #require(
      LanguageChecks.run(list.rules).diagnostics.first { $0.check == .backtracking })
    #expect(warning.severity == .warning)
    #expect(warning.message.contains("quadratic"))
    let attack = try #require(warning.attack)
    let slow = try #require(
      LanguageChecks.Backtracking.confirmedPolynomialAttack(
        list.rules[0].translation.syntax, program: list.patterns[0].program, limits: .default))
    #expect(slow.attack == attack)
    // Measured again here, at the attack's length and at half its pumps: PCRE2's step
    // count at least 3.5 times larger for twice the pumps.
    let program = list.patterns[0].program
    let half = LanguageChecks.Backtracking.attack(
      slow.pump, repetitions: slow.repetitions / 2, failure: slow.failure)
    let large = try #require(program.backtrackingSteps(in: attack, ceiling: 1_000_000))
    let small = try #require(program.backtrackingSteps(in: half, ceiling: 1_000_000))
    #expect(Double(large) >= 3.5 * Double(small), "\(small) -> \(large)")
    #expect(slow.steps.last?.steps == large)
    #expect(slow.degree == 2)
  }

  @Test(arguments: ["a*b*", "[0-9]+\\.[0-9]+", "x+y+z", "(ab)*c", "[a-z]+[0-9]+", "^a*b*$"])
  func linearLookAlikesAreNotFlagged(_ regex: String) throws {
    let list = try AwkOracle.rules("/\(regex)/ fine\n")
    #expect(LanguageChecks.run(list.rules).diagnostics.allSatisfy { $0.check != .backtracking })
    #expect(
      LanguageChecks.Backtracking.confirmedPolynomialAttack(
        list.rules[0].translation.syntax, program: list.patterns[0].program, limits: .default)
        == nil)
  }

  @Test func aMatchLimitTheAttackPassesIsReportedAsGivingUp() throws {
    let list = try AwkOracle.rules("/ *  *  *$/ slow\n")
    var limits = MatchLimits.default
    limits.matchLimit = 1_000
    let slow = try #require(
      LanguageChecks.Backtracking.confirmedPolynomialAttack(
        list.rules[0].translation.syntax, program: list.patterns[0].program, limits: limits))
    #expect(slow.steps.last?.steps == nil)
    #expect(list.patterns[0].program.backtrackingSteps(in: slow.attack, ceiling: 1_000) == nil)
    let message = LanguageChecks.Backtracking.polynomialMessage(slow)
    #expect(message.contains("exhausts the match limit"))
  }

  @Test(arguments: ["rules/smtp-1997.rules", "rules/smtp-1998.rules"])
  func noRuleOfThePostsIsFlagged(_ path: String) throws {
    let list = try RuleList(contentsOf: packageRoot.appendingPathComponent(path).path)
    let scratch = RegexMatchScratch(limits: .default)
    for (index, rule) in list.rules.enumerated() {
      let attack = LanguageChecks.Backtracking.confirmedAttack(
        rule.translation.syntax, program: list.patterns[index].program, scratch: scratch)
      #expect(attack == nil, "line \(rule.location.line)")
      let slow = LanguageChecks.Backtracking.confirmedPolynomialAttack(
        rule.translation.syntax, program: list.patterns[index].program, limits: .default)
      #expect(slow == nil, "line \(rule.location.line)")
    }
  }
}
