import BannersCore
import BannersTestSupport
import Foundation
import Testing

@Suite struct ParallelCorpusScanTests {
  func corpus(lines: Int, badAt: Int? = nil) throws -> String {
    var text = ""
    for index in 1...lines {
      if index == badAt {
        text += "{broken\n"
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

  @Test(arguments: [1, 2, 3, 8])
  func resultsComeInCorpusOrderWhateverTheWorkerCount(workers: Int) throws {
    let path = try corpus(lines: 5000)
    let rules = try AwkOracle.rules("/Sendmail/ sendmail\n/Exim/ Exim\n")
    var sequential: [String] = []
    let matcher = RuleMatcher(rules)
    let reader = try CorpusReader(path: path)
    while let record = try reader.next() {
      sequential.append(
        "\(record.source.line) \(record.banner.map { rules.label(of: matcher.verdict(for: $0)) } ?? "-")"
      )
    }
    var parallel: [String] = []
    let scan = ParallelCorpusScan(paths: [path], workers: workers, batchLines: 97)
    let bad = try scan.run(
      makeState: { RuleMatcher(rules) },
      process: { matcher, record in
        record.banner.map { rules.label(of: matcher.verdict(for: $0)) } ?? "-"
      },
      consume: { record, label in parallel.append("\(record.source.line) \(label)") })
    #expect(bad == 0)
    #expect(parallel == sequential)
    #expect(parallel.count == 5000)
  }

  @Test func aBadLineStopsTheScanAfterEverythingBeforeItWasConsumed() throws {
    let path = try corpus(lines: 3000, badAt: 1234)
    var consumed: [Int] = []
    let scan = ParallelCorpusScan(paths: [path], workers: 4, batchLines: 100)
    let error = try #require(throws: InputError.self) {
      _ = try scan.run(
        makeState: {}, process: { _, _ in 0 },
        consume: { record, _ in consumed.append(record.source.line) })
    }
    #expect(consumed == Array(1...1233))
    #expect(error.diagnostics.first?.location.line == 1234)
  }

  @Test func skipBadReportsTheLineAndGoesOn() throws {
    let path = try corpus(lines: 3000, badAt: 1234)
    var consumed = 0
    var reported: [Int] = []
    let scan = ParallelCorpusScan(paths: [path], skipBad: true, workers: 2, batchLines: 100)
    let bad = try scan.run(
      makeState: {}, process: { _, _ in 0 }, consume: { _, _ in consumed += 1 },
      onBadLine: { reported.append($0.diagnostics.first?.location.line ?? 0) })
    #expect(bad == 1)
    #expect(reported == [1234])
    #expect(consumed == 2999)
  }

  @Test func severalCorporaComeOneAfterAnotherInFull() throws {
    let first = try corpus(lines: 2500)
    let second = try corpus(lines: 1300)
    var seen: [String] = []
    let scan = ParallelCorpusScan(paths: [first, second], workers: 2, batchLines: 64)
    _ = try scan.run(
      makeState: {}, process: { _, _ in 0 },
      consume: { record, _ in seen.append("\(record.source.file):\(record.source.line)") })
    #expect(seen == (1...2500).map { "\(first):\($0)" } + (1...1300).map { "\(second):\($0)" })
  }

  @Test func aMissingCorpusStopsTheScanAfterTheOnesBeforeIt() throws {
    let first = try corpus(lines: 700)
    var consumed = 0
    let scan = ParallelCorpusScan(
      paths: [first, "/nonexistent/c.jsonl"], workers: 2, batchLines: 50)
    #expect(throws: InputError.self) {
      _ = try scan.run(makeState: {}, process: { _, _ in 0 }, consume: { _, _ in consumed += 1 })
    }
    #expect(consumed == 700)
  }
}
