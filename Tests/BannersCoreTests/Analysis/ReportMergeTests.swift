import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// Issue 13: the two passes of a report add up over the shards of a corpus.
@Suite struct ReportMergeTests {
  /// The synthetic corpus in `count` consecutive shard files.
  static func shards(_ path: String, _ count: Int) throws -> [String] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let scratch = try makeScratchDirectory()
    return try (0..<count).map { shard in
      let url = scratch.appendingPathComponent("shard-\(shard).jsonl")
      let mine = lines[(lines.count * shard / count)..<(lines.count * (shard + 1) / count)]
      try Data((mine.joined(separator: "\n") + "\n").utf8).write(to: url)
      return url.path
    }
  }

  /// Workers that run ahead skip candidates already out (`knownOut`); the shards' checks,
  /// each on three workers, still add up to the check of one sequential pass.
  @Test func checksOfShardsAddUpToOneRunsSuggestions() throws {
    let corpus = try AnalysisFixtures.synthetic(records: 3000, seed: 13)
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    let whole = try CorpusReport.make(rules: rules, corpora: [corpus.path])
    let shards = try Self.shards(corpus.path, 5)
    var merged: CorpusReport?
    for shard in shards {
      var part = CorpusReport(rules: rules)
      try part.scanFirstPass(ScanRequest(corpora: [shard], workers: 3))
      if merged == nil { merged = part } else { merged!.merge(part) }
    }
    let firstPass = try #require(merged)
    #expect(firstPass.counts == whole.counts)
    // Examples name the shard files; shapes and counts are the whole corpus's.
    #expect(firstPass.residue.sorted.map(\.count) == whole.residue.sorted.map(\.count))
    #expect(firstPass.residue.sorted.map(\.shape) == whole.residue.sorted.map(\.shape))
    var check = firstPass.suggestionCheck
    for shard in shards {
      let second = try firstPass.checkSuggestions(ScanRequest(corpora: [shard], workers: 3))
      for (id, candidate) in second.check.candidates.enumerated() {
        check.absorb(candidate: id, out: candidate.out, claims: candidate.claims)
      }
    }
    let suggestions = check.suggestions()
    #expect(suggestions == whole.suggestedRules)
    #expect(suggestions.contains { !$0.isEmpty })
  }

  static func group(_ banner: String, _ count: Int) -> ResidueGroups.Group {
    ResidueGroups.Group(shape: ResidueShape(of: Array(banner.utf8)), count: count)
  }

  @Test func tablesThatFitMergeExactly() {
    let a = ResidueGroups(
      capacity: 4, examples: 1, groups: [Self.group("220 a\r\n", 2), Self.group("220 b\r\n", 1)],
      pruned: 0, overflow: 0)
    let b = ResidueGroups(
      capacity: 4, examples: 1, groups: [Self.group("220 c\r\n", 1), Self.group("220 a\r\n", 3)],
      pruned: 0, overflow: 0)
    let merged = a.merged(with: b)
    #expect(merged.isComplete)
    #expect(merged.firstSeen.map(\.count) == [5, 1, 1])
  }

  /// Past the capacity, one-off shapes are dropped, then the smallest groups left over:
  /// never a banner lost.
  @Test func aMergedTableThatOverflowsStillCountsEveryBanner() {
    let a = ResidueGroups(
      capacity: 4, examples: 1,
      groups: [Self.group("220 a\r\n", 5), Self.group("220 b\r\n", 1), Self.group("220 c\r\n", 2)],
      pruned: 3, overflow: 0)
    let b = ResidueGroups(
      capacity: 4, examples: 1,
      groups: [
        Self.group("220 d\r\n", 4), Self.group("220 e\r\n", 3), Self.group("220 f\r\n", 2),
        Self.group("220 c\r\n", 1),
      ],
      pruned: 0, overflow: 2)
    let merged = a.merged(with: b)
    #expect(!merged.isComplete)
    #expect(merged.firstSeen.map(\.count) == [5, 3, 4, 3])
    #expect(merged.pruned == 4)
    #expect(merged.overflow == 4)
    let total = 5 + 1 + 2 + 3 + 4 + 3 + 2 + 1 + 2
    #expect(merged.firstSeen.reduce(0) { $0 + $1.count } + merged.pruned + merged.overflow == total)
  }
}
