import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// The first pass over a large corpus (`RepeatedTargets`) must change no identity: the
/// same per-record output with it as without, on corpora with repeats within a file,
/// across files and the same file named twice.
@Suite struct RepeatedTargetsTests {
  func write(_ lines: [String], name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    return url.path
  }

  func listing(_ request: ScanRequest, repeats: RepeatedTargets?) throws -> String {
    let rules = try RuleList(source: Array("/Sendmail/ sendmail\n".utf8), file: "r.rules")
    let buffer = TextBuffer()
    var classification = Classification(
      rules: rules, listing: RecordListing(.tsv, to: buffer, repeats: repeats))
    try CorpusScan(request).run(&classification)
    return buffer.text
  }

  @Test func surveyChangesNoIdentity() throws {
    let directory = try makeScratchDirectory()
    var random = SeededRandom(seed: 13)
    var lines: [String] = []
    for _ in 0..<3_000 {
      let host =
        random.next() % 2 == 0
        ? "192.0.2.\(random.next() % 200)" : "2001:db8::\(random.next() % 900)"
      lines.append(
        "{\"addr\":\"\(host)\",\"port\":\(random.next() % 3 + 24),\"outcome\":\"ok\",\"banner\":\"220 Sendmail\"}"
      )
    }
    let first = try write(lines, name: "a.jsonl", in: directory)
    let second = try write(Array(lines.prefix(500)), name: "b.jsonl", in: directory)
    let request = ScanRequest(corpora: [first, second, first, first], workers: 2, batchLines: 64)
    let repeats = try #require(RepeatedTargets.survey(request, threshold: 0))
    let surveyed = try listing(request, repeats: repeats)
    #expect(surveyed == (try listing(request, repeats: nil)))
    #expect(surveyed.contains("#2\t"))
  }

  @Test func standardInputAndSmallCorporaAreNotSurveyed() throws {
    let directory = try makeScratchDirectory()
    let path = try write(
      ["{\"addr\":\"192.0.2.1\",\"port\":25,\"outcome\":\"ok\"}"], name: "a.jsonl", in: directory)
    #expect(RepeatedTargets.survey(ScanRequest(corpora: ["-"]), threshold: 0) == nil)
    #expect(RepeatedTargets.survey(ScanRequest(corpora: [path])) == nil)
    #expect(RepeatedTargets.survey(ScanRequest(corpora: [path]), threshold: 0) != nil)
  }
}
