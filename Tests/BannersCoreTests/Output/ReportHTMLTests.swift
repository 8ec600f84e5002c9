import Testing

@testable import BannersCore

/// `report --html`: the page's content and its escaping, without a browser.
@Suite struct ReportHTMLTests {
  func report(rules: String, banners: [String]) throws -> CorpusReport {
    let list = try RuleList(source: Array(rules.utf8), file: "t.rules")
    var report = CorpusReport(rules: list)
    let matcher = RuleMatcher(list)
    for (index, banner) in banners.enumerated() {
      let record = CorpusRecord(
        address: "192.0.2.\(index)", port: 25, outcome: banner.isEmpty ? .failed("timed out") : .ok,
        banner: banner.isEmpty ? nil : Array(banner.utf8),
        source: SourceLocation(file: "c.jsonl", line: index + 1))
      report.add(record, evaluation: matcher.evaluate(record.banner ?? []))
    }
    return report
  }

  @Test func bannersAndLabelsAreEscaped() throws {
    let page = ReportHTML.page(
      try report(
        rules: "/script/ <b>bold & co</b>\n",
        banners: ["220 <script>alert(1)</script>\r\n", "220 other \"x\"\r\n"]))
    #expect(!page.contains("<script"))
    #expect(!page.contains("<b>bold"))
    #expect(page.contains("&lt;b&gt;bold &amp; co&lt;/b&gt;"))
    #expect(page.contains("220 other &quot;x&quot;\\r\\n"))
  }

  @Test func chartsHaveOneBarPerRow() throws {
    let result = try report(
      rules: "/Sendmail/ sendmail\n/qmail/ qmail\n/never/ dead rule\n",
      banners: ["220 Sendmail\r\n", "220 Sendmail 8\r\n", "220 qmail\r\n", "", "220 ?\r\n"])
    let page = ReportHTML.page(result)
    // Software: sendmail, qmail, not sure; failures: timed out.
    #expect(page.components(separatedBy: "<rect class=\"bar\"").count - 1 == 4)
    #expect(page.contains("data-chart=\"failures\""))
    #expect(page.contains("<tr class=\"dead\">"))
  }
}
