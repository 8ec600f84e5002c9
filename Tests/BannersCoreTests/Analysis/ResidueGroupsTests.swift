import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 4: planted residue families form one group each; memory stays bounded.
@Suite struct ResidueGroupsTests {
  @Test func plantedFamiliesFormOneGroupEach() throws {
    let corpus = try AnalysisFixtures.synthetic(records: AnalysisFixtures.size(4000))
    let report = try CorpusReport.make(
      rules: try AnalysisFixtures.rules("smtp-1998.rules"), corpora: [corpus.path])
    let groups = report.templates.groups
    for (marker, count) in [
      ("ESMTP Postfix", corpus.counts.postfix), ("Kerio MailServer", corpus.counts.kerio),
      ("ZyWALL mail relay", corpus.counts.zywall),
    ] {
      let family = groups.filter { $0.shape.text.contains(marker) }
      #expect(family.count == 1, "\(marker)")
      #expect(family.first?.count == count, "\(marker)")
    }
    #expect(groups.first?.shape.text.contains("ESMTP Postfix") == true)
    // Every residue banner is in a group, or counted as dropped when the table was full
    // (a million synthetic banners hold more one-off shapes than --max-groups).
    let grouped = groups.reduce(0) { $0 + $1.count }
    #expect(report.counts.residue == grouped + report.residue.pruned + report.residue.overflow)
  }

  @Test func suggestedRulesClaimTheirGroupAndNothingElse() throws {
    let corpus = try AnalysisFixtures.synthetic(records: AnalysisFixtures.size(4000))
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    let report = try CorpusReport.make(rules: rules, corpora: [corpus.path])
    let suggestions = try #require(report.suggestions)
    for (group, suggestion) in zip(report.shownGroups, suggestions)
    where group.shape.text.contains("Postfix") {
      #expect(suggestion?.ruleLine == "/Postfix/ Postfix")
    }
    // Append every suggestion, then every banner's new label must be its old one,
    // except for the members of a group, which get their group's suggested label.
    let rulesOfGroup = try #require(report.suggestedRules)
    let source =
      try FileBytes.read(rules.file, limit: FileBytes.ruleFileLimit)
      + Array(rulesOfGroup.joined().map { $0.ruleLine + "\n" }.joined().utf8)
    let extended = try RuleList(source: source, file: "extended.rules")
    let old = RuleMatcher(rules)
    let new = RuleMatcher(extended)
    // A group may get several rules (a greedy cover); appended, the first that a banner
    // contains claims it, and every rule of a group carries a label of that group.
    let templates = report.templates
    var expectedLabels: [ResidueTemplate: [SuggestedRule]] = [:]
    for (group, rules) in zip(report.shownGroups, rulesOfGroup) {
      expectedLabels[group.template] = rules
    }
    var claimed = 0
    for record in try AnalysisFixtures.records(corpus.path) where record.outcome == .ok {
      let banner = record.banner ?? []
      let before = rules.label(of: old.verdict(for: banner))
      let after = extended.label(of: new.verdict(for: banner))
      let template = templates.template(of: ResidueShape(of: banner))
      if before == RuleList.residueLabel, let rules = expectedLabels[template],
        let rule = rules.first(where: { banner.firstRange(of: $0.fragment) != nil })
      {
        #expect(after == rule.label)
        claimed += 1
      } else {
        #expect(after == before)
      }
    }
    #expect(claimed >= corpus.counts.postfix + corpus.counts.kerio + corpus.counts.zywall)
  }

  @Test func theLargestGroupsAreThePrefixOfTheSortedGroups() throws {
    let corpus = try AnalysisFixtures.synthetic(records: 2000)
    let report = try CorpusReport.make(
      rules: try AnalysisFixtures.rules("smtp-1998.rules"), corpora: [corpus.path])
    let sorted = report.residue.sorted
    #expect(sorted.count > 20)
    for limit in [1, 3, 5, 20] {
      #expect(report.residue.largest(limit).map(\.shape) == sorted.prefix(limit).map(\.shape))
    }
  }

  @Test func groupsAreCappedAndOverflowIsCounted() throws {
    let corpus = try AnalysisFixtures.synthetic(records: 3000)
    let report = try CorpusReport.make(
      rules: try AnalysisFixtures.rules("smtp-1998.rules"), corpora: [corpus.path],
      options: .init(examples: 1, limit: 5, maxGroups: 4))
    let residue = report.residue
    #expect(residue.groupCount <= 4)
    #expect(residue.pruned + residue.overflow > 0)
    #expect(
      residue.sorted.reduce(0) { $0 + $1.count } + residue.pruned + residue.overflow
        == report.counts.residue)
  }
}
