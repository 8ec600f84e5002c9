import BannersCore
import Testing

@Suite struct SuggestedRuleTests {
  @Test(arguments: [
    "Mail*Link (v1.2)", "a.b[c]d{2}e|f^g$h+i?j\\k/l", "PC/TCP SMTPSRV",
    "SMTP ready\r\n502 Command\tnot implemented",
  ])
  func escapedFragmentsMatchThemselvesLiterallyInAwkRules(fragment: String) throws {
    let rule = SuggestedRule(fragment: Array(fragment.utf8))
    let rules = try RuleList(source: Array((rule.ruleLine + "\n").utf8), file: "s.rules")
    #expect(rules.rules.count == 1)
    #expect(rules.rules[0].label == rule.label)
    let matcher = RuleMatcher(rules)
    #expect(matcher.verdict(for: Array("<<\(fragment)>>".utf8)) == .matched(rule: 0))
    // Escaped operators do not match what the operators would.
    #expect(
      matcher.verdict(for: Array(fragment.replacingOccurrences(of: ".", with: "x").utf8))
        == .residue || !fragment.contains("."))
  }

  @Test func candidatesComeFromLiteralPartsWithoutReplyCodesFirst() {
    let shape = ResidueShape(
      of: Array("220 mx.example.com ESMTP\r\n214 qmail home page: http://pobox.com/~djb/\r\n".utf8))
    let candidates = SuggestedRule.candidates(for: shape).map {
      String(decoding: $0, as: UTF8.self)
    }
    #expect(candidates.contains("qmail home page: http://"))
    #expect(candidates.contains("214 qmail home page: http://"))
    #expect(candidates.allSatisfy { $0.count >= 5 })
  }
}
