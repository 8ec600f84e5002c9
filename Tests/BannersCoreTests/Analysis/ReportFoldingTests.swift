import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// `report`'s first pass folded on the workers (`CorpusReport+Folding.swift`: a part per
/// batch, merged in corpus order) against the record-by-record scan (`CorpusScan.run`,
/// `CorpusReport.add`): the same partial, byte for byte (every counter, overlap, example,
/// residue group in first-seen order, undecided case and limit hit), the same summary,
/// the same skipped lines and the same error, whatever the workers and batch sizes.
@Suite struct ReportFoldingTests {
  static let pathological = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"

  /// Few groups and more examples than a batch of 7 lines holds of a pair: pruning and
  /// the order of examples across batches both show.
  static let options = CorpusReport.Options(examples: 3, limit: 20, maxGroups: 16)

  /// The 1998 list after a rule that gives up on `pathological` (no DFA fallback).
  func rules() throws -> RuleList {
    let list = try String(
      contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules"), encoding: .utf8)
    return try AwkOracle.rules("/^(a|a)*$/ pathological\n" + list)
  }

  /// Sample lines (ambiguous and redundant overlaps among them) mixed with failures,
  /// residue banners of many shapes (a few frequent, most seen once or twice), records
  /// without an address, blank lines, lines only the full parser reads, undecided banners
  /// and, when asked, bad lines.
  func corpus(seed: UInt64, badLines: Bool) throws -> [UInt8] {
    let sample = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl")
    ).split(separator: 0x0A).map { Array($0) }
    var random = SeededRandom(seed: seed)
    var mutator = ByteMutator(seed: seed)
    // Letters that make no field of a shape (no hex digit, no digit, no dot).
    let letters = Array("ghijklmnopqrstuvwxyz".utf8)
    let addresses = ["192.0.2.7", "2001:db8::1", "mail.example", "mx.\u{E9}:1", "a:\u{301}b"]
    var text: [UInt8] = []
    for index in 0..<2000 {
      let line: String
      switch index % 11 {
      case 0 where index % 110 == 0:
        line =
          #"{"addr":"192.0.2.\#(index % 250)","outcome":"ok","banner":"\#(Self.pathological)"}"#
      case 1, 2:
        // Residue: a word that picks the shape, frequent ones and a long tail; examples
        // name targets of every kind (brackets for IPv6, no port).
        let pick = Int.random(in: 0..<4, using: &random) == 0 ? 3 : 40
        let number = Int.random(in: 0..<pick, using: &random)
        let word = String(decoding: [letters[number % 20], letters[number / 20]], as: UTF8.self)
        let address = addresses[index % addresses.count]
        let port = index % 3 == 0 ? "" : #""port":25,"#
        line =
          #"{"addr":"\#(address)",\#(port)"outcome":"ok","banner":"220 zq\#(word) quux ready\r\n"}"#
      case 3: line = #"{"addr":"192.0.2.\#(index % 250)","port":25,"outcome":"timed out"}"#
      case 4: line = #"{ "addr": "2001:db8::\#(index)", "outcome": "connection refused" }"#
      case 5 where index % 55 == 5: line = ""
      case 6: line = #"{"outcome":"ok","banner":"220 zqnoaddress here\r\n"}"#
      case 7: line = #"{"addr":"192.0.2.7","outcome":"ok","banner_b64":"MjIwIHpxIP8NCg=="}"#
      case 8 where badLines:
        line = String(decoding: mutator.mutate(sample[index % sample.count]), as: UTF8.self)
      default:
        text += sample[index % sample.count] + [0x0A]
        continue
      }
      text += Array(line.utf8) + [0x0A]
    }
    return text
  }

  /// The lines a scan skipped, in order.
  final class SkippedLines: ScanObserver {
    var lines: [Int] = []
    func skipped(_ error: InputError) { lines.append(error.diagnostics.first?.location.line ?? 0) }
    func roundAdded(records: Int, file: String) {}
  }

  struct Pass: Equatable {
    var partial: String
    var tally: Tally
    var summary: ScanSummary?
    var skipped: [Int]
    var errorLine: Int?
  }

  func firstPass(
    _ rules: RuleList, _ limits: MatchLimits, _ request: ScanRequest, folded: Bool
  ) -> (Pass, CorpusReport) {
    var report = CorpusReport(rules: rules, limits: limits, options: Self.options)
    let observer = SkippedLines()
    var summary: ScanSummary?
    var errorLine: Int?
    do {
      if folded {
        summary = try report.scanFirstPass(request, observer: observer)
      } else {
        summary = try CorpusScan(request).run(&report, observer: observer)
        report.badLines = summary!.badLines
      }
    } catch {
      errorLine = error.diagnostics.first?.location.line
    }
    let pass = Pass(
      partial: ReportPartial.jsonLines(report, ruleSource: []), tally: report.tally,
      summary: summary, skipped: observer.lines, errorLine: errorLine)
    return (pass, report)
  }

  @Test(arguments: [1, 2, 4])
  func foldedIsRecordByRecord(workers: Int) throws {
    let rules = try rules()
    let directory = try makeScratchDirectory()
    let first = directory.appendingPathComponent("a.jsonl")
    let second = directory.appendingPathComponent("b.jsonl")
    let bad = directory.appendingPathComponent("bad.jsonl")
    try Data(corpus(seed: 13, badLines: false)).write(to: first)
    try Data(corpus(seed: 14, badLines: false)).write(to: second)
    try Data(corpus(seed: 15, badLines: true)).write(to: bad)
    // Limits that PCRE2 alone answers: one rule gives up on one banner; then every rule
    // gives up on many.
    let limitSets = [
      MatchLimits(dfaWorkspaceLimit: 0), MatchLimits(matchLimit: 40, dfaWorkspaceLimit: 0),
    ]
    for limits in limitSets {
      for batchLines in [1, 7, 2048] {
        for (corpora, skipBad) in [
          ([first, second], false), ([bad], true), ([first, bad, second], false),
        ] {
          var request = ScanRequest(
            corpora: corpora.map(\.path), skipBad: skipBad, batchLines: batchLines)
          // More workers than this machine's cores, as a larger machine runs.
          request.workers = workers
          let (expected, report) = firstPass(rules, limits, request, folded: false)
          let (folded, _) = firstPass(rules, limits, request, folded: true)
          let context = "\(corpora.map(\.lastPathComponent)), \(batchLines) lines, \(limits)"
          #expect(folded == expected, "\(context)")
          // Each kind of record is there.
          #expect(report.undecided.count > 0, "\(context)")
          #expect(report.limitHitCount > report.limitHits.count, "\(context)")
          #expect(report.counts.classified > 0 && report.counts.failures > 0, "\(context)")
          #expect(report.residue.pruned > 0, "\(context)")
          #expect(expected.partial.contains(#""target":"[2001:db8::1]"#), "\(context)")
          #expect(
            report.overlaps.ambiguous.values.contains { $0.count > Self.options.examples },
            "\(context)")
          if let summary = expected.summary {
            #expect(summary.badLines > 0 || !skipBad, "\(context)")
          } else {
            #expect(expected.errorLine != nil, "\(context)")
          }
        }
      }
    }
  }
}
