import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// `classify` folded on the workers (`CorpusScan.runFolding`: counts per batch, lines
/// formatted on the workers, repeats numbered in order) against the record-by-record
/// scan (`CorpusScan.run`, `Classification.add`): the same tables, lines, undecided
/// cases, summaries and errors, whatever the workers and batch sizes.
@Suite struct FoldedScanTests {
  static let pathological = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"

  /// The 1998 list after a rule that gives up on `pathological` (no DFA fallback).
  func rules() throws -> RuleList {
    let list = try String(
      contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules"), encoding: .utf8)
    return try AwkOracle.rules("/^(a|a)*$/ pathological\n" + list)
  }

  /// Sample lines mixed with repeated targets of every kind of address, records without
  /// an address, blank lines, lines only the full parser reads, U+FFFD, undecided
  /// banners and, when asked, bad lines.
  func corpus(badLines: Bool) throws -> [UInt8] {
    let sample = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl")
    ).split(separator: 0x0A).map { Array($0) }
    let addresses = [
      "192.0.2.7", "192.0.2.07", "2001:db8::1", "2001:db8::0:1", "mail.example", "::ffff:1.2.3.4",
      // Non-ASCII: the record's path decides the brackets (a combining mark makes ":"
      // another Character).
      "mx.\u{E9}:1", "a:\u{301}b",
    ]
    let ports = ["25", "587", nil]
    var random = SeededRandom(seed: 13)
    var mutator = ByteMutator(seed: 13)
    var text: [UInt8] = []
    for index in 0..<3000 {
      let address = addresses.randomElement(using: &random)!
      let port = ports.randomElement(using: &random)!.map { "\"port\":\($0)," } ?? ""
      let line: String
      switch index % 13 {
      case 0 where index % 130 == 0:
        line = #"{"addr":"\#(address)",\#(port)"outcome":"ok","banner":"\#(Self.pathological)"}"#
      case 1: line = #"{"outcome":"ok","banner":"220 no address \ufffd\r\n"}"#
      case 2: line = #"{"addr":"\#(address)",\#(port)"outcome":"timed out"}"#
      case 3: line = #"{ "addr": "\#(address)", "outcome": "connection refused" }"#
      case 4: line = ""
      case 5: line = #"{"addr":"\#(address)","outcome":"ok","banner_b64":"MjIwIP8NCg=="}"#
      case 6 where badLines:
        line = String(decoding: mutator.mutate(sample[index % sample.count]), as: UTF8.self)
      default:
        var bytes = sample[index % sample.count]
        // The sample's address replaced by one that repeats.
        let quoted = Array(#""addr":""#.utf8)
        if let start = bytes.firstRange(of: quoted)?.upperBound,
          let end = bytes[start...].firstIndex(of: UInt8(ascii: "\""))
        {
          bytes.replaceSubrange(start..<end, with: Array(address.utf8))
        }
        text += bytes + [0x0A]
        continue
      }
      text += Array(line.utf8) + [0x0A]
    }
    return text
  }

  struct Run: Equatable {
    var output: String
    var tally: Tally
    var undecided: Int
    var undecidedLines: [Int]
    var summary: ScanSummary?
    var errorLine: Int?
  }

  func classify(
    _ rules: RuleList, _ request: ScanRequest, format: RecordListing.Format?, folded: Bool
  ) -> Run {
    let buffer = TextBuffer()
    var classification = Classification(
      rules: rules, limits: MatchLimits(dfaWorkspaceLimit: 0),
      listing: format.map { RecordListing($0, to: buffer) })
    var summary: ScanSummary?
    var errorLine: Int?
    do {
      summary =
        folded
        ? try classification.scan(request) : try CorpusScan(request).run(&classification)
    } catch {
      errorLine = error.diagnostics.first?.location.line
    }
    return Run(
      output: buffer.text, tally: classification.tally, undecided: classification.undecided.count,
      undecidedLines: classification.undecided.cases.map(\.example.source.line), summary: summary,
      errorLine: errorLine)
  }

  @Test(arguments: [nil, RecordListing.Format.tsv, .jsonl], [1, 2])
  func foldedIsRecordByRecord(format: RecordListing.Format?, workers: Int) throws {
    let rules = try rules()
    let directory = try makeScratchDirectory()
    let first = directory.appendingPathComponent("a.jsonl")
    let second = directory.appendingPathComponent("b.jsonl")
    let bad = directory.appendingPathComponent("bad.jsonl")
    try Data(corpus(badLines: false)).write(to: first)
    try Data(corpus(badLines: false)).write(to: second)
    try Data(corpus(badLines: true)).write(to: bad)
    for batchLines in [1, 7, 2048] {
      for (corpora, skipBad) in [
        ([first, second], false), ([bad], true), ([first, bad, second], false),
      ] {
        let request = ScanRequest(
          corpora: corpora.map(\.path), skipBad: skipBad, workers: workers,
          batchLines: batchLines)
        let expected = classify(rules, request, format: format, folded: false)
        let folded = classify(rules, request, format: format, folded: true)
        #expect(folded == expected, "\(corpora.map(\.lastPathComponent)), \(batchLines)")
        // Each kind of record is there: repeats, undecided cases, U+FFFD, bad lines.
        #expect(expected.undecided > 10)
        if format != nil { #expect(expected.output.contains("#2")) }
        if let summary = expected.summary {
          #expect(summary.replacementCharacters > 100)
          #expect(summary.badLines > 0 || !skipBad)
        } else {
          #expect(expected.errorLine != nil)
        }
      }
    }
  }
}
