import BannersCore
import BannersTestSupport
import Foundation
import Testing

@Suite struct ClassifyCommandTests {
  func scratchFile(_ name: String, _ text: String) throws -> String {
    try scratchFile(name, Array(text.utf8))
  }

  func scratchFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let url = try makeScratchDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  @Test func tallyOfTheSampleCorpusMatchesTheGoldenTables() throws {
    let run = try runBanners([
      "classify", "--tally", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl",
    ])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    try expectGolden(run.stdout, named: "classify-tally-1998.txt")
  }

  @Test func tallyTotalsAddUpToTheRecordsRead() throws {
    let run = try runBanners([
      "classify", "--tally", "--json", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl",
    ])
    #expect(run.status == 0)
    var failures = 0
    var software = 0
    var summary: [String: Any] = [:]
    for line in run.stdout.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      switch object["type"] as? String {
      case "failure": failures += object["count"] as? Int ?? 0
      case "software": software += object["count"] as? Int ?? 0
      case "summary": summary = object
      default: Issue.record("unexpected line \(line)")
      }
    }
    let records = try String(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl"),
      encoding: .utf8
    )
    .split(separator: "\n").count
    #expect(summary["records"] as? Int == records)
    #expect(summary["failures"] as? Int == failures)
    #expect(summary["connections"] as? Int == software)
    #expect(failures + software == records)
  }

  @Test func perRecordOutputIsOneLinePerRecordInCorpusOrder() throws {
    let corpus = try scratchFile(
      "c.jsonl",
      """
      {"addr":"192.0.2.1","port":25,"outcome":"ok","banner":"220 x Sendmail\\r\\n"}
      {"addr":"192.0.2.2","port":25,"outcome":"timed out"}
      {"addr":"192.0.2.1","port":25,"outcome":"ok","banner":"220 nothing known\\r\\n"}

      """)
    let tsv = try runBanners(["classify", "rules/smtp-1998.rules", corpus])
    #expect(tsv.status == 0)
    #expect(
      tsv.stdout
        == "192.0.2.1:25\tok\tsendmail\n192.0.2.2:25\ttimed out\t\n192.0.2.1:25#2\tok\tnot sure\n")
    let jsonl = try runBanners(["classify", "--format", "jsonl", "rules/smtp-1998.rules", corpus])
    let first = try #require(
      try JSONSerialization.jsonObject(with: Data(jsonl.stdout.split(separator: "\n")[0].utf8))
        as? [String: String])
    #expect(
      first == [
        "type": "record", "id": "192.0.2.1:25", "source": "\(corpus):1", "outcome": "ok",
        "label": "sendmail", "rule": "rules/smtp-1998.rules:98",
      ])
  }

  @Test func stdinAndSeveralCorporaAreReadInOneRun() throws {
    let text = try scratchFile("b.txt", "220 a Sendmail\\r\\n\n220 b qmail\n")
    let run = try runBanners(
      ["classify", "--tally", "rules/smtp-1998.rules", text, "-", "corpus/smtp-1998-sample.jsonl"],
      stdin: Array("220 c IMail\n".utf8))
    #expect(run.status == 0)
    #expect(run.stdout.contains("215 records: 200 successful connections, 15 failures"))
  }

  @Test func malformedRuleFileNamesFileLineAndColumnAndExits2() throws {
    let rules = try scratchFile("bad.rules", "/Sendmail/ sendmail\n/Exim Exim\n/\\d+/ digits\n")
    let run = try runBanners(["classify", rules, "corpus/smtp-1998-sample.jsonl"])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(run.stderr.contains("\(rules):2:1: error: unterminated regex"))
    #expect(run.stderr.contains("\(rules):3:2: error: '\\d' is PCRE syntax"))
  }

  @Test func malformedCorpusLineStopsTheRunWithStatus2() throws {
    let corpus = try scratchFile(
      "c.jsonl", "{\"outcome\":\"timed out\"}\n{\"outcome\":\"ok\",\"banner\":1}\n")
    let run = try runBanners(["classify", "--tally", "rules/smtp-1998.rules", corpus])
    #expect(run.status == 2)
    #expect(run.stderr.contains("\(corpus):2: error: \"banner\" must be a string"))
  }

  @Test func skipBadCountsAndReportsMalformedLines() throws {
    let corpus = try scratchFile(
      "c.jsonl",
      "{\"outcome\":\"timed out\"}\nnot json\n{\"outcome\":\"ok\",\"banner\":\"220 Exim\"}\n")
    let run = try runBanners(["classify", "--tally", "--skip-bad", "rules/smtp-1998.rules", corpus])
    #expect(run.status == 0)
    #expect(run.stdout.contains("2 records: 1 successful connection, 1 failure"))
    #expect(run.stderr.contains("\(corpus):2:1: error: not a corpus record"))
    #expect(run.stderr.contains("skipped 1 malformed corpus line(s)"))
  }

  @Test func pathologicalRegexIsReportedWithRuleAndRecordNotCountedAsNotSure() throws {
    let rules = try scratchFile("p.rules", "/^(a|a)*$/ pathological\n/Sendmail/ sendmail\n")
    let corpus = try scratchFile(
      "c.jsonl",
      "{\"addr\":\"192.0.2.5\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"\(String(repeating: "a", count: 40))!\"}\n{\"addr\":\"192.0.2.6\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"220 Sendmail\"}\n"
    )
    let run = try runBanners(["classify", "--tally", "--no-dfa-fallback", rules, corpus])
    #expect(run.status == 2)
    #expect(
      run.stderr.contains(
        "\(rules):1:1: error: rule /^(a|a)*$/ gave up on record 192.0.2.5:25 (\(corpus):1)"))
    #expect(run.stderr.contains("match limit"))
    #expect(run.stdout.contains("1 undecided (a rule hit a match limit)"))
    #expect(!run.stdout.contains("not sure"))
    #expect(run.stdout.contains("1 sendmail"))
  }

  @Test func hostileBannerBytesNeverReachTheTerminalRaw() throws {
    let rules = try scratchFile("h.rules", "/x/ label\u{1B}[31m\n")
    let run = try runBanners(["classify", "--tally", rules, "-"], stdin: Array("x\n".utf8))
    #expect(run.status == 0)
    #expect(run.stdout.contains("label\\x1b[31m"))
    #expect(!run.stdout.utf8.contains(0x1B))
  }

  @Test func missingCorpusIsAUsageErrorWithStatus2() throws {
    let run = try runBanners(["classify", "rules/smtp-1998.rules"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("name at least one corpus file"))
  }

  @Test func portabilityWarningsGoToStderrAndTheRunGoesOn() throws {
    let rules = try scratchFile("w.rules", "/a{2}b/ interval\n/\\yfoo/ letter\n")
    let run = try runBanners(["classify", rules, "-"], stdin: Array("aab\nyfoo\n".utf8))
    #expect(run.status == 0)
    #expect(run.stdout == "1\tok\tinterval\n2\tok\tletter\n")
    #expect(
      run.stderr.hasPrefix(
        "\(rules):1:3: warning: interval '{...}' is not portable: mawk reads it literally [portability]\n"
      ))
    #expect(run.stderr.contains("\(rules):2:2: warning: '\\y' is not portable"))
  }

  @Test func unreadableCorpusIsAnInputErrorWithStatus2() throws {
    let run = try runBanners(["classify", "rules/smtp-1998.rules", "/nonexistent/corpus.jsonl"])
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix("/nonexistent/corpus.jsonl: error: cannot read corpus: No such file"))
  }

  @Test func unreadableCorporaAreNamedBeforeAnyIsRead() throws {
    let run = try runBanners([
      "classify", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl", "/nonexistent/a.jsonl",
      "/nonexistent/b.jsonl",
    ])
    #expect(run.status == 2)
    #expect(run.stdout == "", "no record classified before the error")
    #expect(
      run.stderr
        == "/nonexistent/a.jsonl: error: cannot read corpus: No such file or directory\n"
        + "/nonexistent/b.jsonl: error: cannot read corpus: No such file or directory\n")
  }

  @Test func aClosedStdoutPipeEndsTheRunQuietly() throws {
    // Megabytes of output, so the writer surely meets EPIPE once head has gone.
    let script =
      "yes '220 x Sendmail' | head -200000 | \"$0\" classify rules/smtp-1998.rules - | head -1 >/dev/null; echo ${PIPESTATUS[2]}"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script, bannersExecutable.path]
    process.currentDirectoryURL = packageRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(output == "0\n")
  }

  @Test func helpTeachesWithAnExampleFromThePosts() throws {
    let run = try runBanners(["classify", "--help"])
    #expect(run.status == 0)
    #expect(
      run.stdout.contains(
        "banners classify --tally rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl"))
    #expect(run.stdout.contains("--format <format>"))
    #expect(run.stdout.contains("tsv, jsonl"))
  }

  @Test func exportedAwkProgramGivesTheSameLabelsInGawk() throws {
    let export = try runBanners(["export-awk", "rules/smtp-1998.rules"])
    #expect(export.status == 0)
    let program = try scratchFile("c.awk", export.stdout)
    let banners = try scratchFile(
      "b.txt", "220 x Sendmail\\r\\n\n220 y Microsoft Exchange Internet Mail Service 5.0\n220 z\n")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gawk", "-f", program, banners]
    process.environment = ["LC_ALL": "C", "PATH": "/usr/bin:/bin"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let awkOutput = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let ours = try runBanners(["classify", "rules/smtp-1998.rules", banners]).stdout
      .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false)[2] }
      .joined(separator: "\n")
    #expect(awkOutput == "sendmail\nMS Exchange\nnot sure\n")
    #expect(ours + "\n" == awkOutput)
  }
}
