import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 4: banners that rules with different labels match, grouped by rule pair.
@Suite struct AmbiguityTests {
  @Test func plantedSendmailAndComplaintsBannersAreAmbiguous() throws {
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    let corpus = try AnalysisFixtures.synthetic(records: AnalysisFixtures.size(3000))
    #expect(corpus.counts.ambiguous > 0)
    let report = try CorpusReport.make(rules: rules, corpora: [corpus.path])
    let sendmail = try #require(rules.rules.firstIndex { $0.regexText == "Sendmail" })
    let mmdf = try #require(rules.rules.firstIndex { $0.regexText == "Complaints.bugs to" })
    let pair = try #require(report.overlaps.ambiguous[.init(winner: sendmail, loser: mmdf)])
    #expect(pair.count == corpus.counts.ambiguous)
    #expect(pair.examples.count == 2)
    #expect(
      pair.examples.allSatisfy {
        String(decoding: $0.banner, as: UTF8.self).contains("Complaints/bugs to")
      })
    #expect(report.overlaps.ambiguousBanners == corpus.counts.ambiguous)
  }

  @Test func overlapsOfRulesWithOneLabelAreRedundantNotAmbiguous() throws {
    let rules = try RuleList(
      source: Array(
        "/Sendmail/ sendmail\n/For more info use .HELP/ sendmail\n/Complaints.bugs to/ MMDF\n".utf8),
      file: "t.rules")
    let url = try makeScratchDirectory().appendingPathComponent("c.txt")
    try
      "220 a Sendmail\\r\\n214-For more info use \"HELP\"\n220 b Sendmail\\r\\n214 Complaints/bugs to: x\n"
      .write(to: url, atomically: true, encoding: .utf8)
    let report = try CorpusReport.make(rules: rules, corpora: [url.path])
    #expect(report.overlaps.redundant.keys.map { [$0.winner, $0.loser] } == [[0, 1]])
    #expect(report.overlaps.ambiguous.keys.map { [$0.winner, $0.loser] } == [[0, 2]])
    #expect(report.overlaps.ambiguousBanners == 1)
  }
}
