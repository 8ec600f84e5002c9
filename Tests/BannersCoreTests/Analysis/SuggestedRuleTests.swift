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

  func firstGroup(_ banners: [String]) -> ResidueTemplates.Group? {
    let groups = banners.map {
      ResidueGroups.Group(shape: ResidueShape(of: Array($0.utf8)), count: 1)
    }
    return ResidueTemplates(groups, examples: 1).groups.first
  }

  /// Issue 11: candidates are word-aligned, with a product-like word, and never hold a
  /// host name, address, date, number or version.
  @Test func candidatesAreWordAlignedAndHoldNoVariablePart() throws {
    let group = try #require(
      firstGroup([
        "220 mx1.example.net ESMTP Exim 4.92 Mon, 02 Dec 2026 04:01:02 +0100 at 192.0.2.7\r\n"
      ]))
    let candidates = SuggestedRule.candidates(for: group).map {
      String(decoding: $0, as: UTF8.self)
    }
    #expect(candidates.first == "Exim")
    #expect(candidates.contains("ESMTP Exim"))
    for candidate in candidates {
      #expect(!candidate.contains("example") && !candidate.contains("192"), "\(candidate)")
      #expect(!candidate.contains("Dec") && !candidate.contains("4.92"), "\(candidate)")
    }
  }

  /// Issue 11: a fragment ends with its last word's whole name, not inside it, and not
  /// before a version.
  @Test func candidatesEndWithTheWholeName() throws {
    let group = try #require(firstGroup(["220 Gene6 FTP Server v3.10.0 (Build 7) ready...\r\n"]))
    let candidates = SuggestedRule.candidates(for: group).map {
      String(decoding: $0, as: UTF8.self)
    }
    #expect(candidates.first == "Gene6", "\(candidates)")
    let ssh = try #require(firstGroup(["SSH-2.0-Serv-U_15.1.6.25\r\n"]))
    #expect(
      SuggestedRule.candidates(for: ssh).map { String(decoding: $0, as: UTF8.self) }.contains(
        "Serv-U"))
  }

  @Test(arguments: [
    ("ESMTP Postfix", "Postfix"), ("Serv-U FTP", "Serv-U"), ("ESMTP", "unknown (ESMTP)"),
  ])
  func labelsAreTheProductLikeWords(fragment: String, label: String) {
    #expect(SuggestedRule(fragment: Array(fragment.utf8)).label == label)
  }

  /// Issue 11: the classified banners are the negative set; among residue, the shortest
  /// fragment that claims the same banners wins; two groups never share a rule.
  @Test func suggestionsClaimNoClassifiedBannerAndNoOtherGroup() throws {
    let rules = try RuleList(source: Array("/Microsoft FTP/ Microsoft FTP\n".utf8), file: "r")
    let matcher = RuleMatcher(rules)
    let residue = [
      "220 a.example.com Microsoft ESMTP MAIL Service ready at Mon, 2 Dec 2026 04:01:02 +0100\r\n",
      "220 b.example.com Microsoft ESMTP MAIL Service ready at Tue, 3 Dec 2026 04:01:02 +0100\r\n",
      "220 c.example.com ESMTP Postfix\r\n", "220 d.example.com ESMTP Postfix (Ubuntu)\r\n",
    ]
    let corpus = residue + ["220 Microsoft FTP Service\r\n"]
    let shapes = residue.map {
      ResidueGroups.Group(shape: ResidueShape(of: Array($0.utf8)), count: 1)
    }
    let templates = ResidueTemplates(shapes, examples: 1)
    #expect(templates.groups.count == 2)
    var check = SuggestionCheck(groups: templates.groups, templates: templates)
    for (line, banner) in corpus.enumerated() {
      let record = CorpusRecord(
        outcome: .ok, banner: Array(banner.utf8), source: SourceLocation(file: "c", line: line + 1))
      check.add(record) { matcher.verdict(for: $0) }
    }
    let suggestions = check.suggestions()
    let lines = suggestions.map { $0.map(\.ruleLine) }
    let microsoft = try #require(templates.groups.firstIndex { $0.template.anchor == "microsoft" })
    let postfix = 1 - microsoft
    // `Microsoft` alone is in the classified FTP banner; `ESMTP` is in both groups.
    #expect(lines[microsoft] == ["/Microsoft ESMTP/ Microsoft"])
    #expect(lines[postfix] == ["/Postfix/ Postfix"])
    #expect(suggestions[postfix].first?.claims == 2)
    #expect(suggestions[postfix].first?.shapes == 2)
  }
}
