import BannersCore
import BannersTestSupport
import Testing

@Suite struct RuleListTests {
  @Test func pcre2CompileErrorsAreMappedBackToTheRuleFileColumn() throws {
    // An interval bound PCRE2 refuses: the error points into the regex, not at PCRE2's
    // offset in the translated pattern.
    let error = try #require(throws: InputError.self) {
      try RuleList(
        source: Array("# rules\n/ok/ ok\n/x{65535}{65535}{65535}{65535}{65535}{65535}/ big\n".utf8),
        file: "r.rules")
    }
    let diagnostic = try #require(error.diagnostics.first)
    #expect(diagnostic.location.file == "r.rules")
    #expect(diagnostic.location.line == 3)
    #expect(diagnostic.location.column >= 2)
    #expect(diagnostic.message.hasPrefix("regex does not compile:"))
  }

  @Test func missingRuleFileIsAnInputError() throws {
    let error = try #require(throws: InputError.self) {
      try RuleList(contentsOf: "/nonexistent/x.rules")
    }
    #expect(error.description.contains("/nonexistent/x.rules"))
    #expect(error.description.contains("No such file or directory"))
  }

  @Test func firstMatchWinsAndResidueIsNotSure() throws {
    let rules = try AwkOracle.rules("/Complaints.bugs to/ MMDF\n/Sendmail/ sendmail\n")
    let matcher = RuleMatcher(rules)
    #expect(
      matcher.verdict(for: Array("Sendmail\r\nComplaints/bugs to: x".utf8)) == .matched(rule: 0))
    #expect(matcher.verdict(for: Array("220 Sendmail ready".utf8)) == .matched(rule: 1))
    #expect(rules.label(of: matcher.verdict(for: Array("220 qmail".utf8))) == "not sure")
    #expect(matcher.verdict(for: []) == .residue, "an empty banner is matched safely")
  }

  @Test func evaluateReturnsEveryRulesVerdict() throws {
    let rules = try AwkOracle.rules(
      "/Sendmail/ sendmail\n/Complaints.bugs to/ MMDF\n/zzz/ none\n// not sure\n")
    let evaluation = RuleMatcher(rules).evaluate(Array("Sendmail\r\nComplaints/bugs to: x".utf8))
    #expect(evaluation.matched == [0, 1, 3])
    #expect(evaluation.verdict == .matched(rule: 0))
  }
}
