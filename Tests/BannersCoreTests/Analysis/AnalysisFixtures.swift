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
    var collector = RecordCollector()
    try CorpusScan(ScanRequest(corpora: [path], workers: 1)).run(&collector)
    return collector.records
  }
}

/// Every record of a scan, in the order the scan adds them.
struct RecordCollector: CorpusAnalysis {
  struct Examination: RecordExamination {
    func makeWorker() {}
    func examine(_ record: CorpusRecord, using worker: inout ()) {}
  }

  let examination = Examination()
  var records: [CorpusRecord] = []

  mutating func add(_ record: CorpusRecord, _ finding: Void) { records.append(record) }
}

extension CorpusReport {
  /// Both passes of `report` over `corpora`, as the command runs them.
  static func make(
    rules: RuleList, corpora: [String], options: Options = Options(), workers: Int = 1
  ) throws(InputError) -> CorpusReport {
    var report = CorpusReport(rules: rules, options: options)
    try report.scan(ScanRequest(corpora: corpora, workers: workers))
    return report
  }
}
