import BannersTestSupport
import Testing

@Suite struct ClassifyCommandTests {
  @Test func tallyOfTheSampleCorpusAddsUpToTheRecordsRead() throws {
    let run = try runBanners(["classify", "--tally", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl"])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(run.stdout.contains("Here are the reasons for connection failures:"))
    #expect(run.stdout.contains("Here are the server software tallies:"))
    #expect(run.stdout.contains("212 records: 197 successful connections, 15 failures"))
  }
}
