import BannersCore
import BannersTestSupport
import Testing

/// The two lists of the posts, transcribed one rule a line (issue 2, item 4).
@Suite struct ShippedRuleFilesTests {
  func load(_ name: String) throws -> RuleList {
    try RuleList(contentsOf: packageRoot.appendingPathComponent("rules/\(name)").path)
  }

  func line(_ rule: Rule) -> String { "/\(rule.regexText)/ \(rule.label)" }

  @Test func the1997ListHas79RulesEndingInACatchAll() throws {
    let rules = try load("smtp-1997.rules")
    #expect(rules.rules.count == 79)
    #expect(rules.warnings.isEmpty)
    #expect(
      line(rules.rules[0]) == "/Sorry, you are not authorized to make this connection/ unknown")
    #expect(line(rules.rules[8]) == "/send comments to qmail@pobox.com/ qmail")
    #expect(line(rules.rules[19]) == "/post.office E-mail system/ Post.Office")
    #expect(rules.rules.contains { line($0) == "/UCX / UCX" })
    #expect(rules.rules.contains { line($0) == "/\\(PMDF#..... V/ PMDF" })
    #expect(
      rules.rules.contains {
        line($0) == "/Duhmail..Black Hole v/ sendmail" && $0.comment == "*.sid.ncr.doe.ca"
      })
    #expect(line(rules.rules[77]) == "/Complaints.bugs to/ MMDF")
    #expect(rules.rules[78].isCatchAll && rules.rules[78].label == "not sure")
  }

  @Test func the1998ListHas97RulesWithTheDamagedOnesReconstructed() throws {
    let rules = try load("smtp-1998.rules")
    #expect(rules.rules.count == 97)
    #expect(rules.warnings.isEmpty)
    #expect(!rules.rules.contains { $0.isCatchAll }, "its 454 'not sure' are the implicit residue")
    #expect(
      line(rules.rules[0]) == "/Sorry, you are not authorized to make this connection/ Raptor proxy"
    )
    #expect(rules.rules.contains { line($0) == "/post.office E-mail system/ Post.Office" })
    #expect(rules.rules.contains { line($0) == "/post.office v/ Post.Office" })
    #expect(rules.rules.contains { line($0) == "/send comments to qmail@pobox.com/ qmail" })
    #expect(!rules.rules.contains { $0.regexText == " v" || $0.regexText == " E-mail system" })
    #expect(rules.rules.contains { line($0) == "/ All set, fire away/ MSMail SMTP gateway" })
    #expect(
      rules.rules.contains {
        line($0) == "/Help \\.\\.\\. Not recognized/ unknown (Help ... Not recognized)"
      })
    #expect(line(rules.rules[96]) == "/Complaints.bugs to/ MMDF")
    for rule in rules.rules
    where rule.regexText.hasPrefix("post.office") || rule.regexText.hasPrefix("send comments") {
      #expect(rule.comment != nil, "reconstructed line \(rule.location.line) says so in a comment")
    }
  }
}
