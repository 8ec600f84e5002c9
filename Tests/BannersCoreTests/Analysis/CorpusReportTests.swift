import BannersCore
import Testing

@Suite struct CorpusReportTests {
  /// Workers parse and match concurrently, but count in corpus order: the report must
  /// be the same, examples, pruned groups and suggested rules included.
  @Test(arguments: [2, 3])
  func aParallelReportIsTheSequentialReport(workers: Int) throws {
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    let corpus = try AnalysisFixtures.synthetic(records: AnalysisFixtures.size(5000), seed: 5)
    for options in [CorpusReport.Options(), .init(examples: 1, limit: 50, maxGroups: 20)] {
      let sequential = try CorpusReport.make(rules: rules, corpora: [corpus.path], options: options)
      let parallel = try CorpusReport.make(
        rules: rules, corpora: [corpus.path], options: options, workers: workers)
      #expect(ReportPrinter.jsonLines(parallel) == ReportPrinter.jsonLines(sequential))
      #expect(ReportPrinter.text(parallel) == ReportPrinter.text(sequential))
      #expect(parallel.suggestions != nil)
    }
  }
}
