import BannersTestSupport
import Foundation
import Testing

/// Issue 13, "beyond one machine": the tallies of shards add up to one run's tables.
@Suite struct MergeCommandTests {
  @Test(arguments: [1, 2, 3, 7])
  func shardsMergeIntoTheTablesOfOneRunByteForByte(shards: Int) throws {
    let sample = try String(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl"),
      encoding: .utf8)
    let lines = sample.split(separator: "\n")
    let scratch = try makeScratchDirectory()
    var parts: [String] = []
    for shard in 0..<shards {
      let corpus = scratch.appendingPathComponent("shard-\(shard).jsonl")
      // Records dealt round-robin, as --shard spreads targets by hash.
      let mine = lines.enumerated().filter { $0.offset % shards == shard }.map(\.element)
      try Data((mine.joined(separator: "\n") + "\n").utf8).write(to: corpus)
      let tally = try runBanners(
        ["classify", "--tally", "--json", "rules/smtp-1998.rules", corpus.path])
      #expect(tally.status == 0)
      let part = scratch.appendingPathComponent("shard-\(shard).json")
      try Data(tally.stdout.utf8).write(to: part)
      parts.append(part.path)
    }
    let whole = ["rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl"]
    for format in [[], ["--json"]] {
      let merged = try runBanners(["merge"] + format + parts)
      // Concatenated, as a Spark RDD.pipe collects the parts' outputs.
      let stream = try parts.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
      let piped = try runBanners(["merge"] + format + ["-"], stdin: Array(stream.utf8))
      #expect(piped.stdout == merged.stdout)
      let single = try runBanners(["classify", "--tally"] + format + whole)
      #expect(merged.status == 0)
      #expect(merged.stderr == "")
      #expect(merged.stdout == single.stdout)
    }
  }

  @Test func aCutPartIsAnErrorAndNothingIsPrinted() throws {
    let tally = try runBanners(
      ["classify", "--tally", "--json", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl"])
    let rows = tally.stdout.split(separator: "\n")
    let cut = try makeScratchDirectory().appendingPathComponent("cut.json")
    try Data((rows.dropFirst().joined(separator: "\n") + "\n").utf8).write(to: cut)
    let run = try runBanners(["merge", cut.path])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(
      run.stderr.contains("the summary counts 212 records but the rows since line 1 add up to 208"))
  }
}
