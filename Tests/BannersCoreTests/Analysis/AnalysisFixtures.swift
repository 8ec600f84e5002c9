import BannersCore
import BannersTestSupport
import Foundation

/// Shared inputs of the analysis tests: the shipped lists and corpora, and synthetic
/// corpora written to a scratch directory.
enum AnalysisFixtures {
  static func rules(_ name: String) throws -> RuleList {
    try RuleList(contentsOf: packageRoot.appendingPathComponent("rules/\(name)").path)
  }

  static var sampleCorpus: String {
    packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl").path
  }

  /// `records`, or `BANNERS_ANALYSIS_RECORDS` from the environment when set: the analysis
  /// tests run small in every run and at a million by hand (release build).
  static func size(_ records: Int) -> Int {
    ProcessInfo.processInfo.environment["BANNERS_ANALYSIS_RECORDS"].flatMap { Int($0) } ?? records
  }

  /// A synthetic corpus of `records` records in a scratch file, and its planted counts.
  static func synthetic(records: Int, seed: UInt64 = 7) throws -> (
    path: String, counts: SyntheticCorpus.Counts
  ) {
    var corpus = SyntheticCorpus(seed: seed)
    var text = ""
    for _ in 0..<records { text += corpus.nextLine() + "\n" }
    let url = try makeScratchDirectory().appendingPathComponent("synthetic.jsonl")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return (url.path, corpus.counts)
  }

  static func records(_ path: String) throws -> [CorpusRecord] {
    var stream = CorpusStream(paths: [path])
    var records: [CorpusRecord] = []
    while let record = try stream.next() { records.append(record) }
    return records
  }
}
