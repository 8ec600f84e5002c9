import BannersTestSupport
import Testing

@testable import BannersCore

/// Every witness is won by its rule when classified, on both shipped lists and on
/// generated lists; and on the shipped lists every rule can win (docs/lint-proofs.md).
@Suite struct WitnessTests {
  static func reachability(_ list: RuleList) -> LanguageChecks.Reachability {
    var reachability = LanguageChecks.Reachability(
      rules: LanguageChecks.CheckedRules(list.rules), options: .init())
    reachability.run()
    return reachability
  }

  @Test(arguments: ["rules/smtp-1997.rules", "rules/smtp-1998.rules"])
  func everyShippedRuleHasAWitnessItWins(_ path: String) throws {
    let list = try RuleList(contentsOf: packageRoot.appendingPathComponent(path).path)
    let reachability = Self.reachability(list)
    #expect(reachability.diagnostics.isEmpty)
    #expect(reachability.witnesses.map(\.rule) == Array(list.rules.indices))
    let matcher = RuleMatcher(list)
    for witness in reachability.witnesses {
      #expect(matcher.verdict(for: witness.banner) == .matched(rule: witness.rule))
    }
  }

  @Test func witnessesOfAGeneratedListAreWonAndItsPlantedCopiesAreNot() throws {
    // Generated rules, each followed every tenth by a copy of itself made more specific:
    // the copy can never win, the original always can.
    let generated = SyntheticRules(count: 300, seed: 12)
    var lines: [String] = []
    var planted: Set<Int> = []
    for (index, line) in generated.lines.enumerated() {
      lines.append(line)
      if index % 10 == 0 {
        let regex = line.split(separator: "/", omittingEmptySubsequences: false)[1]
        lines.append("/\(regex)x/ planted")
        planted.insert(lines.count)
      }
    }
    let list = try AwkOracle.rules(lines.joined(separator: "\n") + "\n")
    let reachability = Self.reachability(list)
    let unreachable = Set(
      reachability.diagnostics.filter { $0.severity == .warning }.map(\.location.line))
    #expect(planted.isSubset(of: unreachable))
    #expect(reachability.diagnostics.allSatisfy { $0.severity == .warning })
    let matcher = RuleMatcher(list)
    for witness in reachability.witnesses {
      #expect(matcher.verdict(for: witness.banner) == .matched(rule: witness.rule))
    }
    #expect(reachability.witnesses.count == list.rules.count - unreachable.count)
    // Generated names collide (`Kalo` before `Kaloser`): those rules are truly covered
    // too. No banner sampled from an unreachable rule's own matches is won by it.
    var random = SeededRandom(seed: 5)
    for (index, rule) in list.rules.enumerated() where unreachable.contains(rule.location.line) {
      var nfa = NFA()
      try nfa.add(rule.translation.syntax, mode: .whole)
      var dfa = LazyDFA(nfa, maxStates: 10_000)
      for _ in 0..<20 {
        guard let member = dfa.randomMember(using: &random) else { continue }
        #expect(matcher.verdict(for: member) != .matched(rule: index))
      }
    }
  }
}
