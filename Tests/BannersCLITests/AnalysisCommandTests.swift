import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 4 end to end: `banners report`, `banners test`, `banners diff`.
@Suite struct AnalysisCommandTests {
  let rules1998 = "rules/smtp-1998.rules"
  let rules1997 = "rules/smtp-1997.rules"
  let sample = "corpus/smtp-1998-sample.jsonl"

  func objects(_ stdout: String) throws -> [[String: Any]] {
    try stdout.split(separator: "\n").map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
  }

  func scratchFile(_ name: String, _ text: String) throws -> String {
    let url = try makeScratchDirectory().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  // MARK: report

  @Test func reportOfTheSampleCorpusHasItsThreeSections() throws {
    let run = try runBanners(["report", rules1998, sample])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(run.stdout.contains("212 records: 197 connections, 15 failures"))
    #expect(run.stdout.contains("Ambiguous matches:"))
    #expect(run.stdout.contains("\"not sure\" residue:"))
    #expect(
      run.stdout.contains(
        "rule /NetWare/ NetWare"))
    #expect(!run.stdoutBytes.contains(0x1B))
  }

  @Test func reportJSONHasTheSameContent() throws {
    let run = try runBanners([
      "report", "--json", "--limit", "3", "--examples", "1", rules1998, sample,
    ])
    #expect(run.status == 0)
    let lines = try objects(run.stdout)
    let summary = try #require(lines.first { $0["type"] as? String == "summary" })
    #expect(summary["records"] as? Int == 212)
    #expect(summary["connections"] as? Int == 197)
    let classified = summary["classified"] as? Int ?? 0
    let residue = summary["residue"] as? Int ?? 0
    #expect(classified + residue == 197)
    #expect(summary["live_rules"] as? Int == 90)
    #expect(summary["dead_rules"] as? Int == 7)
    #expect(summary["shadowed_rules"] as? Int == 0)
    let rules = lines.filter { $0["type"] as? String == "rule" }
    #expect(rules.count == 97)
    #expect(rules.reduce(0) { $0 + ($1["wins"] as? Int ?? 0) } == classified)
    let groups = lines.filter { $0["type"] as? String == "residue_group" }
    #expect(groups.count == 3)
    #expect(groups.allSatisfy { ($0["examples"] as? [Any])?.count == 1 })
  }

  @Test func suggestedRulesAppendedToTheListClaimTheirGroupsAndNothingElse() throws {
    let corpus = try scratchFile("synthetic.jsonl", "")
    let generated = try runBanners(["generate-corpus", "--records", "3000", "--seed", "11"])
    #expect(generated.status == 0)
    try Data(generated.stdoutBytes).write(to: URL(fileURLWithPath: corpus))
    let report = try runBanners(["report", "--json", "--limit", "0", rules1998, corpus])
    #expect(report.status == 0)
    let groups = try objects(report.stdout).filter { $0["type"] as? String == "residue_group" }
    for marker in ["ESMTP Postfix", "Kerio MailServer", "ZyWALL mail relay"] {
      #expect(
        groups.filter { ($0["shape"] as? String ?? "").contains(marker) }.count == 1, "\(marker)")
    }
    var expected: [String: Int] = [:]
    var appended = try String(
      contentsOfFile: packageRoot.appendingPathComponent(rules1998).path, encoding: .utf8)
    for group in groups {
      // `suggested_rule` is the first of `suggested_rules`; each says what it claims.
      #expect(
        (group["suggested_rules"] as? [[String: Any]])?.first?["rule"] as? String
          == group["suggested_rule"] as? String)
      for suggestion in group["suggested_rules"] as? [[String: Any]] ?? [] {
        guard let rule = suggestion["rule"] as? String, let label = suggestion["label"] as? String
        else { continue }
        appended += rule + "\n"
        expected[label, default: 0] += suggestion["claims"] as? Int ?? 0
      }
    }
    #expect(expected.count >= 3)
    let extended = try scratchFile("extended.rules", appended)
    let diff = try runBanners(["diff", "--json", rules1998, extended, corpus])
    #expect(diff.status == 1)
    var moved: [String: Int] = [:]
    for transition in try objects(diff.stdout) where transition["type"] as? String == "transition" {
      #expect(transition["from"] as? String == "not sure")
      moved[transition["to"] as? String ?? "", default: 0] += transition["count"] as? Int ?? 0
    }
    #expect(moved == expected)
  }

  @Test func reportOnStandardInputSaysWhyItHasNoSuggestions() throws {
    let run = try runBanners(
      ["report", "--input-format", "text", rules1998, "-"],
      stdin: Array(
        "220 a.example.com Frobnicator ready\n220 b.example.net Frobnicator ready\n".utf8))
    #expect(run.status == 0)
    #expect(run.stdout.contains("standard input can be read only once"))
  }

  @Test func reportEscapesHostileBanners() throws {
    let run = try runBanners(
      ["report", "--input-format", "text", rules1998, "-"],
      stdin: Array("220 evil \u{1B}]0;owned\u{07} Sendmail\n220 x \u{1B}[2J ready\n".utf8))
    #expect(run.status == 0)
    #expect(!run.stdoutBytes.contains(0x1B))
    #expect(!run.stdoutBytes.contains(0x07))
  }

  @Test func reportRejectsBadOptionsAndInputsWithStatus2() throws {
    #expect(try runBanners(["report", "--limit", "-1", rules1998, sample]).status == 2)
    #expect(try runBanners(["report", rules1998, "/nonexistent/corpus.jsonl"]).status == 2)
  }

  @Test func ruleThatHitsAMatchLimitIsReportedNotCountedAsResidue() throws {
    let rules = try scratchFile("p.rules", "/^(a|a)*$/ pathological\n/Sendmail/ sendmail\n")
    let banner = String(repeating: "a", count: 40) + "!"
    let corpus = try scratchFile(
      "c.jsonl",
      "{\"addr\":\"192.0.2.5\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"\(banner)\"}\n"
        + "{\"addr\":\"192.0.2.6\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"220 Sendmail\"}\n")
    let run = try runBanners(["report", "--no-dfa-fallback", rules, corpus])
    #expect(run.status == 2)
    #expect(run.stdout.contains("1 classified (50.0%), 0 not sure, 1 undecided"))
    #expect(run.stdout.contains("PCRE2 limits: 1 time(s)"))
    #expect(run.stdout.contains("192.0.2.5:25"))
    #expect(run.stderr.contains("undecided"))
  }

  /// Issue 12: a rule that matched nothing because it gave up on every banner it was
  /// tried on is undecided, not dead (deleting it as dead would change verdicts).
  @Test func ruleThatOnlyHitsTheMatchLimitIsUndecidedNotDead() throws {
    let rules = try scratchFile("p.rules", "/^(a|a)*$/ pathological\n/Sendmail/ sendmail\n")
    let banner = String(repeating: "a", count: 40) + "!"
    let corpus = try scratchFile(
      "c.jsonl",
      "{\"addr\":\"192.0.2.5\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"\(banner)\"}\n")
    let text = try runBanners(["report", "--no-dfa-fallback", rules, corpus])
    let row = text.stdout.split(separator: "\n").first { $0.contains("pathological") }
    #expect(row?.hasSuffix("undecided; 1 limit hit(s)") == true, "\(row ?? "no row")")
    #expect(text.stdout.contains("2 rules: 0 live, 1 dead, 0 shadowed, 1 undecided"))
    let json = try runBanners(["report", "--json", "--no-dfa-fallback", rules, corpus])
    let objects = json.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    let rule = objects.first { $0["label"] as? String == "pathological" }
    #expect(rule?["status"] as? String == "undecided")
    let summary = objects.last
    #expect(summary?["undecided_rules"] as? Int == 1)
    #expect(summary?["dead_rules"] as? Int == 1)
  }

  // MARK: test

  @Test(arguments: [
    ("rules/smtp-1998.rules", "corpus/smtp-1998-sample.1998.snapshot"),
    ("rules/smtp-1997.rules", "corpus/smtp-1998-sample.1997.snapshot"),
  ])
  func shippedSnapshotsPass(rules: String, snapshot: String) throws {
    let run = try runBanners(["test", rules, sample, "--expect", snapshot])
    #expect(run.status == 0)
    #expect(run.stdout == "212 records, nothing moved\n")
  }

  @Test func updateWritesTheShippedSnapshotByteForByte() throws {
    let path = try scratchFile("new.snapshot", "")
    let run = try runBanners(["test", rules1998, sample, "--expect", path, "--update"])
    #expect(run.status == 0)
    #expect(run.stderr.contains("wrote 212 records"))
    let written = try Data(contentsOf: URL(fileURLWithPath: path))
    let shipped = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.1998.snapshot"))
    #expect(written == shipped)
  }

  @Test func movedLabelsAreGroupedAndExitWith1() throws {
    let run = try runBanners([
      "test", rules1997, sample, "--expect", "corpus/smtp-1998-sample.1998.snapshot",
    ])
    #expect(run.status == 1)
    #expect(run.stdout.contains("records moved:"))
    #expect(run.stdout.contains("Raptor proxy -> unknown"))
    let json = try runBanners([
      "test", "--json", rules1997, sample, "--expect", "corpus/smtp-1998-sample.1998.snapshot",
    ])
    #expect(json.status == 1)
    let moves = try objects(json.stdout).filter { $0["type"] as? String == "move" }
    let raptor = moves.filter {
      $0["from"] as? String == "Raptor proxy" && $0["to"] as? String == "unknown"
    }
    #expect(raptor.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 3)
  }

  @Test func recordsMissingOnEitherSideCountAsMoved() throws {
    var snapshot = try String(
      contentsOfFile: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.1998.snapshot")
        .path, encoding: .utf8)
    snapshot += "203.0.113.255:25\tok\tsendmail\n"
    let path = try scratchFile(
      "s.snapshot",
      snapshot.replacingOccurrences(of: "192.0.2.70:25\timmediate disconnect\t\n", with: ""))
    let run = try runBanners(["test", rules1998, sample, "--expect", path])
    #expect(run.status == 1)
    #expect(run.stdout.contains("(not in snapshot) -> (immediate disconnect)"))
    #expect(run.stdout.contains("sendmail -> (not in corpus)"))
  }

  @Test func controlBytesInASnapshotNeverReachTheTerminal() throws {
    let path = try scratchFile("h.snapshot", "1\tok\tevil\u{1B}[2J\n")
    let run = try runBanners(
      ["test", "--input-format", "text", rules1998, "-", "--expect", path],
      stdin: Array("220 x Sendmail\n".utf8))
    #expect(run.status == 1)
    #expect(run.stdout.contains("evil\\x1b[2J -> sendmail"))
    #expect(!run.stdoutBytes.contains(0x1B))
  }

  @Test func missingOrMalformedSnapshotsExitWith2() throws {
    let missing = try runBanners(["test", rules1998, sample, "--expect", "/nonexistent/x.snapshot"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("--update"))
    let bad = try scratchFile("bad.snapshot", "192.0.2.1:25 ok sendmail\n")
    let malformed = try runBanners(["test", rules1998, sample, "--expect", bad])
    #expect(malformed.status == 2)
    #expect(malformed.stderr.contains("bad.snapshot:1"))
  }

  // MARK: diff

  @Test func diffOfThePostsListsShowsTheRaptorRelabelling() throws {
    let run = try runBanners(["diff", rules1997, rules1998, sample])
    #expect(run.status == 1)
    #expect(run.stdout.contains("unknown -> Raptor proxy"))
    #expect(run.stdout.contains("Server software tallies (labels that changed):"))
    let json = try runBanners(["diff", "--json", rules1997, rules1998, sample])
    let lines = try objects(json.stdout)
    let raptor = try #require(
      lines.first { $0["type"] as? String == "tally" && $0["label"] as? String == "Raptor proxy" })
    #expect(raptor["old"] as? Int == 0)
    #expect(raptor["change"] as? Int == raptor["new"] as? Int)
    let summary = try #require(lines.last)
    #expect(summary["records"] as? Int == 212)
  }

  @Test func diffOfAListWithItselfExitsWith0() throws {
    let run = try runBanners(["diff", rules1998, rules1998, sample])
    #expect(run.status == 0)
    #expect(run.stdout.contains("No label moved (197 connections)."))
  }

  @Test func diffWithABadRuleFileExitsWith2() throws {
    let bad = try scratchFile("bad.rules", "/unterminated sendmail\n")
    let run = try runBanners(["diff", rules1998, bad, sample])
    #expect(run.status == 2)
    #expect(run.stderr.contains("bad.rules:1"))
  }
}
