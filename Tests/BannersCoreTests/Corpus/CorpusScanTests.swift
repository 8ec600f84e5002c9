import BannersCore
import BannersTestSupport
import Foundation
import Testing

@Suite struct CorpusScanTests {
  func corpus(lines: Int, badAt: Int? = nil, longAt: Int? = nil) throws -> String {
    var text = ""
    for index in 1...lines {
      if index == badAt {
        text += "{broken\n"
      } else if index == longAt {
        text +=
          "{\"outcome\":\"ok\",\"banner\":\"" + String(repeating: "x", count: 5000) + "\"}\n"
      } else if index % 7 == 0 {
        text += "{\"addr\":\"192.0.2.\(index % 250)\",\"port\":25,\"outcome\":\"timed out\"}\n"
      } else {
        text +=
          "{\"addr\":\"192.0.2.\(index % 250)\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"220 host\(index) \(index % 3 == 0 ? "Sendmail" : "Exim")\\r\\n\"}\n"
      }
    }
    let url = try makeScratchDirectory().appendingPathComponent("c.jsonl")
    try Data(text.utf8).write(to: url)
    return url.path
  }

  /// Each record's line and label, in the order the scan adds them.
  struct Labels: CorpusAnalysis {
    let examination: FirstMatch
    var seen: [String] = []

    init(_ rules: RuleList) { examination = FirstMatch(rules) }

    mutating func add(_ record: CorpusRecord, _ verdict: Verdict?) {
      seen.append("\(record.source.line) \(verdict.map { examination.rules.label(of: $0) } ?? "-")")
    }
  }

  @Test(arguments: [1, 2, 3, 8])
  func recordsComeInCorpusOrderWhateverTheWorkerCount(workers: Int) throws {
    let path = try corpus(lines: 5000)
    let rules = try AwkOracle.rules("/Sendmail/ sendmail\n/Exim/ Exim\n")
    var sequential: [String] = []
    let matcher = RuleMatcher(rules)
    let reader = try CorpusReader(path: path)
    while let record = try reader.next() {
      sequential.append(
        "\(record.source.line) \(record.outcome == .ok ? rules.label(of: matcher.verdict(for: record.banner ?? [])) : "-")"
      )
    }
    var labels = Labels(rules)
    let summary = try CorpusScan(ScanRequest(corpora: [path], workers: workers, batchLines: 97))
      .run(&labels)
    #expect(summary.badLines == 0)
    #expect(summary.records == 5000)
    #expect(labels.seen == sequential)
  }

  @Test(arguments: [1, 4])
  func aBadLineStopsTheScanAfterEverythingBeforeItWasAdded(workers: Int) throws {
    let path = try corpus(lines: 3000, badAt: 1234)
    var collector = RecordCollector()
    let error = try #require(throws: InputError.self) {
      try CorpusScan(ScanRequest(corpora: [path], workers: workers, batchLines: 100))
        .run(&collector)
    }
    #expect(collector.records.map(\.source.line) == Array(1...1233))
    #expect(error.diagnostics.first?.location.line == 1234)
    #expect(error.kind == .badLine)
  }

  /// Issue 12, item 3: records before an over-long line vanished (-j 1 printed 8,192 of
  /// 10,000), and --skip-bad did not skip the line.
  @Test(arguments: [1, 2])
  func anOverLongLineIsABadLineLikeAnyOther(workers: Int) throws {
    let path = try corpus(lines: 10_000, longAt: 9_000)
    var collector = RecordCollector()
    var request = ScanRequest(corpora: [path], workers: workers)
    request.maximumLineLength = 4096
    let error = try #require(throws: InputError.self) {
      try CorpusScan(request).run(&collector)
    }
    #expect(collector.records.count == 8_999)
    #expect(error.diagnostics.first?.location.line == 9_000)
    #expect(error.description.contains("longer than 4096 bytes"))

    var all = RecordCollector()
    request.skipBad = true
    let summary = try CorpusScan(request).run(&all)
    #expect(summary.badLines == 1)
    #expect(all.records.count == 9_999)
    #expect(all.records.last?.source.line == 10_000)
  }

  final class Skipped: ScanObserver {
    var lines: [Int] = []
    func skipped(_ error: InputError) { lines.append(error.diagnostics.first?.location.line ?? 0) }
    func roundAdded(records: Int, file: String) {}
  }

  @Test func skipBadReportsTheLineAndGoesOn() throws {
    let path = try corpus(lines: 3000, badAt: 1234)
    var collector = RecordCollector()
    let observer = Skipped()
    let summary = try CorpusScan(
      ScanRequest(corpora: [path], skipBad: true, workers: 2, batchLines: 100)
    ).run(&collector, observer: observer)
    #expect(summary.badLines == 1)
    #expect(observer.lines == [1234])
    #expect(collector.records.count == 2999)
  }

  @Test func severalCorporaComeOneAfterAnotherInFull() throws {
    let first = try corpus(lines: 2500)
    let second = try corpus(lines: 1300)
    var collector = RecordCollector()
    try CorpusScan(ScanRequest(corpora: [first, second], workers: 2, batchLines: 64))
      .run(&collector)
    #expect(
      collector.records.map { "\($0.source.file):\($0.source.line)" }
        == (1...2500).map { "\(first):\($0)" } + (1...1300).map { "\(second):\($0)" })
  }

  @Test func aMissingCorpusStopsTheScanAfterTheOnesBeforeIt() throws {
    let first = try corpus(lines: 700)
    var collector = RecordCollector()
    let error = try #require(throws: InputError.self) {
      try CorpusScan(
        ScanRequest(corpora: [first, "/nonexistent/c.jsonl"], workers: 2, batchLines: 50)
      ).run(&collector)
    }
    #expect(collector.records.count == 700)
    #expect(error.kind == .unreadable)
  }

  @Test func aRaisedStopSignalReadsNothingMore() throws {
    let path = try corpus(lines: 100)
    let stop = StopSignal()
    stop.raise()
    var collector = RecordCollector()
    let summary = try CorpusScan(ScanRequest(corpora: [path], stop: stop)).run(&collector)
    #expect(summary.stopped)
    #expect(collector.records.isEmpty)
  }

  @Test func moreWorkersThanCoresAreCapped() {
    let request = ScanRequest(corpora: [], workers: 10_000)
    #expect(request.workers == ScanRequest.availableCores)
  }
}
