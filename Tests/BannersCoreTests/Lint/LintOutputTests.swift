import BannersCore
import Foundation
import Testing

@Suite struct LintOutputTests {
  func rule(_ text: String, line: Int) throws -> Rule {
    let parsed = RuleParser.parse(Array((text + "\n").utf8), file: "t.rules")
    var rule = try #require(parsed.rules.first)
    rule.location.line = line
    return rule
  }

  func sampleResult() throws -> LintResult {
    var covered = Diagnostic(
      .warning, at: SourceLocation(file: "dir with space/t.rules", line: 2, column: 1),
      "never the first match, 100%,\nfor sure", check: .unreachable)
    covered.coveredBy = [1]
    covered.witness = [0x32, 0x32, 0x30, 0xFF, 0x0D, 0x0A]
    var attack = Diagnostic(
      .warning, at: SourceLocation(file: "dir with space/t.rules", line: 3, column: 2),
      "backtracks", check: .backtracking)
    attack.attack = Array("aaaa!".utf8)
    let note = Diagnostic(
      .note, at: SourceLocation(file: "dir with space/t.rules", line: 0), "3 pairs",
      check: .overlap)
    return LintResult(
      file: "dir with space/t.rules", lines: [], diagnostics: [note, covered, attack],
      witnesses: [])
  }

  // MARK: SARIF

  /// Decodes the SARIF log and checks every member the 2.1.0 schema requires (sarifLog:
  /// version, runs; run: tool; tool: driver; driver: name; reportingDescriptor: id;
  /// result: message with text) and the ones code scanning places results by.
  @Test func sarifHasTheSchemasRequiredMembers() throws {
    let text = LintPrinter.sarif([try sampleResult()], toolVersion: "0.1.0")
    let log = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    #expect(log["$schema"] as? String == LintPrinter.sarifSchema)
    let runs = try #require(log["runs"] as? [[String: Any]])
    #expect(runs.count == 1)
    let tool = try #require(runs[0]["tool"] as? [String: Any])
    let driver = try #require(tool["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "banners")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == LintCheck.allCases.map(\.rawValue))
    let results = try #require(runs[0]["results"] as? [[String: Any]])
    #expect(results.count == 3)
    for result in results {
      let message = try #require(result["message"] as? [String: Any])
      #expect(message["text"] is String)
      let ruleId = try #require(result["ruleId"] as? String)
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == ruleId)
      #expect(["error", "warning", "note"].contains(result["level"] as? String))
      let locations = try #require(result["locations"] as? [[String: Any]])
      let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
      let artifact = try #require(physical["artifactLocation"] as? [String: Any])
      #expect(artifact["uri"] as? String == "dir%20with%20space/t.rules")
    }
    let unreachable = results[1]
    let region = try #require(
      ((unreachable["locations"] as? [[String: Any]])?.first?["physicalLocation"]
        as? [String: Any])?["region"] as? [String: Any])
    #expect(region["startLine"] as? Int == 2)
    #expect(region["startColumn"] as? Int == 1)
    #expect((unreachable["relatedLocations"] as? [[String: Any]])?.count == 1)
    #expect((unreachable["properties"] as? [String: Any])?["witness_b64"] as? String == "MjIw/w0K")
    // A finding about the whole file has no region (startLine must be 1 or more).
    let whole = try #require(
      (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"]
        as? [String: Any])
    #expect(whole["region"] == nil)
  }

  // MARK: GitHub

  @Test func githubAnnotationsEscapeDataAndProperties() throws {
    let text = LintPrinter.github([try sampleResult()])
    let lines = text.split(separator: "\n").map(String.init)
    #expect(
      lines == [
        "::notice file=dir with space/t.rules,title=banners lint [overlap]::3 pairs",
        "::warning file=dir with space/t.rules,line=2,col=1,title=banners lint [unreachable]::never the first match, 100%25,\\nfor sure%0Awitness: 220\\xff\\r\\n",
        "::warning file=dir with space/t.rules,line=3,col=2,title=banners lint [backtracking]::backtracks%0Aattack: aaaa!",
      ])
    #expect(LintPrinter.escapeProperty("a:b,c%d\r\n") == "a%3Ab%2Cc%25d%0D%0A")
  }

  // MARK: JSON Lines

  @Test func jsonLinesCarryEvidenceAndEndWithTheSummary() throws {
    let text = LintPrinter.jsonLines([try sampleResult()], unreadable: 1)
    let objects = try text.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(
      objects.map { $0["type"] as? String } == [
        "diagnostic", "diagnostic", "diagnostic", "summary",
      ])
    #expect(objects[1]["covered_by"] as? [Int] == [1])
    #expect(objects[1]["witness_b64"] as? String == "MjIw/w0K")
    #expect(objects[1]["rule"] as? String == "dir with space/t.rules:2")
    #expect(objects[0]["rule"] == nil)
    #expect(objects[2]["attack"] as? String == "aaaa!")
    #expect(objects[2]["check"] as? String == "backtracking")
    let summary = objects[3]
    #expect(summary["warnings"] as? Int == 2)
    #expect(summary["notes"] as? Int == 1)
    #expect(summary["unreadable"] as? Int == 1)
  }

  // MARK: witnesses as a corpus

  @Test func witnessCorpusIsReadByTheCorpusReaderWithTheRuleMemberIgnored() throws {
    let witnesses = [
      LintResult.Witness(
        rule: try rule("/Sendmail/ sendmail", line: 3),
        banner: Array("220 mail.example.net ESMTP Sendmail 8.8.8\r\n".utf8)),
      LintResult.Witness(rule: try rule("/MERCUR/ MERCUR", line: 9), banner: [0x4D, 0xFF]),
    ]
    let text = WitnessCorpus.lines(witnesses, numberedFrom: 253)
    #expect(
      text.split(separator: "\n").first
        == #"{"addr":"192.0.2.254","port":25,"outcome":"ok","banner":"220 mail.example.net ESMTP Sendmail 8.8.8\r\n","rule":"t.rules:3"}"#
    )
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "witnesses-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(text.utf8).write(to: url)
    let reader = try CorpusReader(path: url.path)
    var records: [CorpusRecord] = []
    while let record = try reader.next() { records.append(record) }
    #expect(records.map(\.address) == ["192.0.2.254", "198.51.100.1"])
    #expect(records.map(\.banner) == witnesses.map(\.banner))
    #expect(records.allSatisfy { $0.outcome == .ok && $0.port == 25 })
  }

  @Test(arguments: [
    (0, "192.0.2.1"), (253, "192.0.2.254"), (254, "198.51.100.1"), (508, "203.0.113.1"),
    (761, "203.0.113.254"), (762, "2001:db8::1"), (762 + 65535, "2001:db8::1:0"),
  ])
  func witnessAddressesComeFromTheDocumentationRanges(index: Int, address: String) {
    #expect(WitnessCorpus.address(index) == address)
  }
}
