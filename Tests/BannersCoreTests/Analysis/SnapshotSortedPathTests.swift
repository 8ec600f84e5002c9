import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// `test` past its memory (snapshot read from its file, records sorted in scratch
/// files) prints byte for byte what it prints with everything held, on randomized
/// corpora: repeated targets (`#2`), failures, bad lines skipped, identities that
/// escaping reorders, snapshots edited by hand (records gone, added, relabelled,
/// shuffled), and every count of examples.
@Suite struct SnapshotSortedPathTests {
  static let rules = """
    /Sendmail/ sendmail
    /Microsoft/ Microsoft
    /Smail/ Smail
    /ESMTP/ other ESMTP

    """
  static let otherRules = """
    /Smail/ Smail
    /Sendmail 8\\.8/ sendmail 8.8
    /ESMTP/ ESMTP

    """

  let directory: URL

  init() throws { directory = try makeScratchDirectory() }

  func write(_ text: String, _ name: String) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  /// `count` lines: about half the targets repeat, 3% bad lines, 15% failures, some
  /// addresses with a tab, a backslash or a non-ASCII letter (escaped in snapshots, so
  /// `--update`'s order is not the escaped order).
  func corpus(seed: UInt64, count: Int) -> String {
    var random = SeededRandom(seed: seed)
    let banners = [
      #"220 mx ESMTP Sendmail 8.8.8\r\n"#, #"220 mx Microsoft ESMTP MAIL Service\r\n"#,
      #"220 hello there\r\n"#, #"220 x Smail-3.2 ready\r\n"#, #"220 y ESMTP Postfix\r\n"#,
    ]
    let odd = [#"h\tst"#, #"a\\b"#, "h\u{E9}te", "z"]
    var text = ""
    for _ in 0..<count {
      let roll = random.next() % 100
      if roll < 3 {
        text += "{not json\n"
        continue
      }
      let target = random.next() % UInt64(max(1, count / 2))
      let address =
        roll < 8
        ? "\(odd[Int(target % 4)])\(target)" : "192.0.\(target / 200).\(target % 200)"
      let port = 25 + Int(target % 3)
      if roll < 23 {
        let reason = roll % 2 == 0 ? "timed out" : "connection refused"
        text += #"{"addr":"\#(address)","port":\#(port),"outcome":"\#(reason)"}"# + "\n"
      } else {
        let banner = banners[Int(random.next() % UInt64(banners.count))]
        text +=
          #"{"addr":"\#(address)","port":\#(port),"outcome":"ok","banner":"\#(banner)"}"# + "\n"
      }
    }
    return text
  }

  func scan(_ corpus: String, into test: inout SnapshotTest, workers: Int = 1) throws
    -> ScanSummary
  {
    let request = ScanRequest(
      corpora: [corpus], skipBad: true, workers: workers, batchLines: 7, stop: StopSignal())
    return try CorpusScan(request).run(&test)
  }

  /// The snapshot `--update` writes, with everything held or past `memory`.
  func update(_ corpus: String, rules: RuleList, memory: Int?, name: String) throws -> [UInt8] {
    var test =
      if let memory {
        SnapshotTest(
          rules: rules, expecting: nil, memory: memory, fanIn: 2,
          scratch: ScratchFiles(directory: directory.path))
      } else {
        SnapshotTest(rules: rules, expecting: nil)
      }
    try scan(corpus, into: &test)
    let path = directory.appendingPathComponent(name).path
    try test.writeSnapshot(to: path)
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// `test`'s text and JSON output, with everything held or past `memory`.
  func compare(
    _ corpus: String, rules: RuleList, snapshot: String, examples: Int, memory: Int?
  ) throws -> String {
    var test: SnapshotTest
    if let memory {
      let expected = try ExpectedSnapshot.open(
        snapshot, memory: memory, fanIn: 2, scratch: ScratchFiles(directory: directory.path))
      #expect(expected.isFile)
      test = SnapshotTest(
        rules: rules, expecting: expected, examples: examples, memory: memory, fanIn: 2,
        scratch: ScratchFiles(directory: directory.path))
    } else {
      test = SnapshotTest(
        rules: rules, expecting: .memory(try Snapshot(contentsOf: snapshot)), examples: examples)
    }
    try scan(corpus, into: &test, workers: 2)
    let comparison = try #require(try test.finish())
    return SnapshotPrinter.text(comparison) + SnapshotPrinter.jsonLines(comparison)
  }

  @Test(arguments: [1, 2, 3])
  func sortedPathPrintsWhatTheHeldPathPrints(seed: Int) throws {
    let rules = try RuleList(source: Array(Self.rules.utf8), file: "r.rules")
    let other = try RuleList(source: Array(Self.otherRules.utf8), file: "o.rules")
    let corpus = try write(corpus(seed: UInt64(seed), count: 600 * seed), "c\(seed).jsonl")

    let held = try update(corpus, rules: rules, memory: nil, name: "held.snapshot")
    for memory in [1, 500, 4096] {
      let sorted = try update(corpus, rules: rules, memory: memory, name: "sorted.snapshot")
      #expect(sorted == held, "--update past \(memory) bytes")
    }
    let text = String(decoding: held, as: UTF8.self)
    #expect(text.contains("#2\t"), "repeats numbered")
    #expect(text.contains(#"\x"#), "escaped identities")

    // Snapshots edited by hand: lines gone, added, relabelled, and all of it shuffled.
    var random = SeededRandom(seed: UInt64(seed) * 7)
    var lines = text.split(separator: "\n").map(String.init)
    var edited: [String] = []
    for line in lines.dropFirst() {
      switch random.next() % 20 {
      case 0: continue
      case 1: edited.append(line.replacingOccurrences(of: "\tok\t", with: "\tok\tunknown "))
      case 2: edited.append("203.0.113.\(edited.count):25\tok\tgone")
      default: edited.append(line)
      }
    }
    edited.append("# a comment\n")
    var variants = [
      ("edited", lines[0] + "\n" + edited.joined(separator: "\n") + "\n"),
      ("as written", text),
    ]
    lines.shuffle(using: &random)
    variants.append(("shuffled", lines.joined(separator: "\n") + "\r\n"))
    for (name, snapshotText) in variants {
      let snapshot = try write(snapshotText, "\(name).snapshot")
      for (ruleList, examples) in [(rules, 3), (other, 0), (other, 1), (other, 4)] {
        let expected = try compare(
          corpus, rules: ruleList, snapshot: snapshot, examples: examples, memory: nil)
        for memory in [1, 700] {
          let got = try compare(
            corpus, rules: ruleList, snapshot: snapshot, examples: examples, memory: memory)
          #expect(got == expected, "\(name), \(examples) examples, \(memory) bytes")
        }
      }
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy {
        $0.hasSuffix(".jsonl") || $0.hasSuffix(".snapshot")
      }, "no scratch file left")
  }

  @Test(arguments: [false, true])
  func aBadSnapshotGivesTheErrorsItAlwaysGave(shuffled: Bool) throws {
    var lines = (0..<40).map { "192.0.2.\($0):25\tok\tx" }
    lines[5] = "192.0.2.5:25 ok x"
    lines[9] = lines[8]
    lines[30] = "192.0.2.3:25\tok\ty"
    lines[33] = "\tok\tx"
    if shuffled { lines.swapAt(0, 20) }
    let path = try write(lines.joined(separator: "\n") + "\n", "bad.snapshot")
    var expected: [String] = []
    do {
      _ = try Snapshot(contentsOf: path)
    } catch {
      expected = error.diagnostics.map(\.description)
    }
    #expect(expected.count == 4)
    do {
      _ = try ExpectedSnapshot.open(
        path, memory: 16, fanIn: 2, scratch: ScratchFiles(directory: directory.path))
      Issue.record("expected errors")
    } catch let error as InputError {
      #expect(error.diagnostics.map(\.description) == expected)
    }
  }

  @Test func aFullDiskStopsTheScanAndNamesTheDirectory() throws {
    let rules = try RuleList(source: Array(Self.rules.utf8), file: "r.rules")
    let corpus = try write(corpus(seed: 4, count: 300), "c.jsonl")
    let stop = StopSignal()
    var test = SnapshotTest(
      rules: rules, expecting: nil, memory: 100, fanIn: 2,
      scratch: .full(directory: "/var/full"), stop: stop)
    let request = ScanRequest(
      corpora: [corpus], skipBad: true, workers: 1, batchLines: 7, stop: stop)
    let summary = try CorpusScan(request).run(&test)
    #expect(summary.stopped, "the scan stops at the failure")
    #expect(summary.records < 300)
    let path = directory.appendingPathComponent("s.snapshot").path
    #expect {
      try test.writeSnapshot(to: path)
    } throws: { error in
      "\(error)".contains("in /var/full") && "\(error)".hasSuffix("No space left on device")
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aStopWhileMergingComparesNothingAndWritesNothing() throws {
    let rules = try RuleList(source: Array(Self.rules.utf8), file: "r.rules")
    let corpus = try write(corpus(seed: 5, count: 300), "c.jsonl")
    let snapshotBytes = try update(corpus, rules: rules, memory: nil, name: "s.snapshot")
    let snapshot = directory.appendingPathComponent("s.snapshot").path
    let stop = StopSignal()
    var test = SnapshotTest(
      rules: rules,
      expecting: try ExpectedSnapshot.open(
        snapshot, memory: 64, fanIn: 2, scratch: ScratchFiles(directory: directory.path)),
      memory: 64, fanIn: 2, scratch: ScratchFiles(directory: directory.path), stop: stop)
    try scan(corpus, into: &test)
    stop.raise()
    #expect(try test.finish() == nil)

    var update = SnapshotTest(
      rules: rules, expecting: nil, memory: 64, fanIn: 2,
      scratch: ScratchFiles(directory: directory.path), stop: stop)
    try scan(corpus, into: &update)
    #expect(throws: SystemError.self) { try update.writeSnapshot(to: snapshot) }
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot))) == snapshotBytes)
  }
}
