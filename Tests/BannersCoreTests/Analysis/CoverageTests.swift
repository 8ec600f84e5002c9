import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 4: coverage checked against a brute-force recomputation, one rule at a time.
@Suite struct CoverageTests {
  /// Every rule compiled alone, so the recomputation shares nothing with
  /// `RuleMatcher.evaluate` but the regex engine.
  func bruteForce(_ rules: RuleList, _ records: [CorpusRecord]) throws -> (
    wins: [Int], matches: [Int], claimed: [[Int: Int]], counts: CorpusCounts
  ) {
    let singles = try rules.rules.map { rule in
      try RuleList(source: Array("/\(rule.regexText)/ x\n".utf8), file: "single")
    }.map { RuleMatcher($0) }
    var wins = Array(repeating: 0, count: singles.count)
    var matches = wins
    var claimed = Array(repeating: [Int: Int](), count: singles.count)
    var counts = CorpusCounts()
    for record in records {
      counts.records += 1
      guard record.outcome == .ok else { continue }
      counts.connections += 1
      let matching = singles.indices.filter {
        singles[$0].verdict(for: record.banner ?? []) == .matched(rule: 0)
      }
      for rule in matching { matches[rule] += 1 }
      if let first = matching.first {
        wins[first] += 1
        counts.classified += 1
        for rule in matching.dropFirst() { claimed[rule][first, default: 0] += 1 }
      } else {
        counts.residue += 1
      }
    }
    return (wins, matches, claimed, counts)
  }

  func check(rules: RuleList, corpus: String) throws {
    let report = try CorpusReport.make(rules: rules, corpora: [corpus])
    let expected = try bruteForce(rules, try AnalysisFixtures.records(corpus))
    #expect(report.counts == expected.counts)
    #expect(report.coverage.map(\.wins) == expected.wins)
    #expect(report.coverage.map(\.matches) == expected.matches)
    #expect(report.coverage.map(\.claimedBy) == expected.claimed)
    for (index, coverage) in report.coverage.enumerated() {
      switch coverage.status {
      case .dead: #expect(expected.matches[index] == 0)
      case .undecided: Issue.record("rule \(index) hit a limit on the sample corpus")
      case .shadowed(let by):
        #expect(expected.wins[index] == 0 && expected.matches[index] > 0)
        #expect(by == expected.claimed[index].keys.sorted())
        #expect(by.allSatisfy { $0 < index })
      case .live: #expect(expected.wins[index] > 0)
      }
    }
  }

  @Test(arguments: ["smtp-1997.rules", "smtp-1998.rules"])
  func coverageOfTheSampleCorpusMatchesBruteForce(list: String) throws {
    try check(rules: try AnalysisFixtures.rules(list), corpus: AnalysisFixtures.sampleCorpus)
  }

  /// 3,000 records by default; `BANNERS_ANALYSIS_RECORDS=1000000 swift test -c release
  /// --filter coverageOfASyntheticCorpus` checks a million (minutes, not for every run).
  @Test func coverageOfASyntheticCorpusMatchesBruteForce() throws {
    let corpus = try AnalysisFixtures.synthetic(records: AnalysisFixtures.size(3000))
    try check(rules: try AnalysisFixtures.rules("smtp-1998.rules"), corpus: corpus.path)
  }

  @Test func sampleCorpusCountsAddUp() throws {
    let report = try CorpusReport.make(
      rules: try AnalysisFixtures.rules("smtp-1998.rules"), corpora: [AnalysisFixtures.sampleCorpus]
    )
    #expect(report.counts.records == 212)
    #expect(report.counts.connections == 197)
    #expect(report.counts.classified + report.counts.residue + report.counts.undecided == 197)
  }

  @Test func aRuleWhoseMatchesAnEarlierRuleClaimsIsShadowedByIt() throws {
    let rules = try RuleList(
      source: Array("/Sendmail/ sendmail\n/Sendmail 8/ sendmail 8\n/Exim/ Exim\n".utf8),
      file: "t.rules")
    let url = try makeScratchDirectory().appendingPathComponent("c.txt")
    try "220 a ESMTP Sendmail 8.8.8\n220 b Sendmail 5.6\n220 c smail\n".write(
      to: url, atomically: true, encoding: .utf8)
    let report = try CorpusReport.make(rules: rules, corpora: [url.path])
    #expect(report.coverage[0].status == .live)
    #expect(report.coverage[1].status == .shadowed(by: [0]))
    #expect(report.coverage[2].status == .dead)
  }
}
