import BannersCore
import BannersLoopback
import BannersTestSupport
import Testing

/// `corpus/smtp-1998-sample.jsonl` covers the 1998 tables (issue 2, item 6).
@Suite struct SampleCorpusTests {
  struct Classified {
    var labels: [String: Int] = [:]
    var failures: [String: Int] = [:]
    var firedRules: Set<Int> = []
    var base64Records = 0
  }

  func classifySample() throws -> (RuleList, Classified) {
    let rules = try RuleList(
      contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules").path)
    let matcher = RuleMatcher(rules)
    var result = Classified()
    let path = packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl").path
    let reader = try CorpusReader(path: path)
    while let record = try reader.next() {
      guard record.outcome == .ok, let banner = record.banner else {
        result.failures[record.outcome.description, default: 0] += 1
        continue
      }
      let verdict = matcher.verdict(for: banner)
      result.labels[rules.label(of: verdict), default: 0] += 1
      if case .matched(let rule) = verdict { result.firedRules.insert(rule) }
      if String(validating: banner, as: UTF8.self) == nil { result.base64Records += 1 }
    }
    return (rules, result)
  }

  @Test func everyLabelOfThe1998TableHasAtLeastTwoResponses() throws {
    let tables = try SurveyTables.load1998()
    let (_, sample) = try classifySample()
    for row in tables.software {
      #expect((sample.labels[row.label] ?? 0) >= 2, "\(row.label)")
    }
    #expect(Set(sample.labels.keys).isSubset(of: Set(tables.software.map(\.label))))
  }

  @Test func everyFailureReasonOfThe1998TableIsThere() throws {
    let tables = try SurveyTables.load1998()
    let (_, sample) = try classifySample()
    #expect(Set(sample.failures.keys) == Set(tables.failures.map(\.reason)))
  }

  @Test func everyRuleTheTableCreditsFiresOnTheSample() throws {
    let tables = try SurveyTables.load1998()
    let credited = Set(tables.software.map(\.label))
    let (rules, sample) = try classifySample()
    for (index, rule) in rules.rules.enumerated() where credited.contains(rule.label) {
      #expect(sample.firedRules.contains(index), "\(rule.location) /\(rule.regexText)/ never wins")
    }
  }

  @Test func nonUTF8BannersAreKeptAsBytes() throws {
    let (_, sample) = try classifySample()
    #expect(sample.base64Records >= 2)
  }
}
