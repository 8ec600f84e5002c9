import BannersRecorder
import BannersTestSupport
import Foundation
import Testing

@Suite struct TargetListTests {
  @Test(
    arguments: [
      ("192.0.2.7", "192.0.2.7", "192.0.2.7", nil),
      ("192.0.2.7:2525", "192.0.2.7", "192.0.2.7", 2525),
      ("192.0.2.0/24", "192.0.2.0", "192.0.2.255", nil),
      ("192.0.2.9/30:25  # a comment", "192.0.2.8", "192.0.2.11", 25),
      ("2001:db8::1", "2001:db8::1", "2001:db8::1", nil),
      ("[2001:db8::1]:587", "2001:db8::1", "2001:db8::1", 587),
      ("[2001:db8::/126]:25", "2001:db8::", "2001:db8::3", 25),
      ("  127.0.0.1\r", "127.0.0.1", "127.0.0.1", nil),
    ] as [(String, String, String, Int?)])
  func linesParseToRanges(line: String, first: String, last: String, port: Int?) throws {
    let range = try #require(try TargetRange.parse(line))
    #expect(range.first.description == first)
    #expect(range.last.description == last)
    #expect(range.port == port)
  }

  @Test(arguments: ["", "   ", "# only a comment"])
  func blankAndCommentLinesAreNoTarget(line: String) throws {
    #expect(try TargetRange.parse(line) == nil)
  }

  @Test(arguments: [
    "mail.example.net", "192.0.2.7:0", "192.0.2.7:70000", "192.0.2.0/33", "[::1", "300.1.1.1",
  ])
  func badLinesAreErrors(line: String) {
    #expect(throws: TargetSyntaxError.self) { try TargetRange.parse(line) }
  }

  /// No target line crashes the parser: mutated lines parse to a range whose first
  /// address is not after its last, or are a syntax error.
  @Test func mutatedLinesParseOrAreSyntaxErrors() {
    let lines = [
      "192.0.2.7", "192.0.2.7:2525", "192.0.2.0/24", "192.0.2.9/30:25  # a comment",
      "2001:db8::1", "[2001:db8::1]:587", "[2001:db8::/126]:25", "::ffff:192.0.2.1", "::/0",
      "0.0.0.0/0",
    ].map { Array($0.utf8) }
    var mutator = ByteMutator(seed: 25)
    var parsed = 0
    for iteration in 0..<20000 {
      let line = String(decoding: mutator.mutate(lines[iteration % lines.count]), as: UTF8.self)
      do throws(TargetSyntaxError) {
        if let range = try TargetRange.parse(line) {
          parsed += 1
          #expect(range.first.family == range.last.family && range.first.value <= range.last.value)
          #expect(range.port.map { (1...65535).contains($0) } ?? true)
        }
      } catch {
        #expect(!error.description.isEmpty)
      }
    }
    #expect(parsed > 1000)
  }

  private func writeList(_ text: String) throws -> String {
    let url = try makeScratchDirectory().appendingPathComponent("targets.txt")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  private func targets(_ path: String, _ selection: TargetSelection = TargetSelection()) throws
    -> [String]
  {
    var bad: [String] = []
    let iterator = try TargetIterator(path: path, selection: selection) {
      bad.append($0.description)
    }
    var out: [String] = []
    while let target = iterator.next() { out.append(target.identity) }
    #expect(bad.isEmpty)
    return out
  }

  @Test func blocksExpandInOrderWithTheDefaultPort() throws {
    let path = try writeList("127.0.0.4/31\n127.0.0.9:2525\n[::1]:26\n")
    var selection = TargetSelection()
    selection.defaultPort = 2500
    #expect(
      try targets(path, selection) == [
        "127.0.0.4:2500", "127.0.0.5:2500", "127.0.0.9:2525", "[::1]:26",
      ])
  }

  @Test func badLinesAreReportedWithFileAndLineAndSkipped() throws {
    let path = try writeList("127.0.0.1\nnot-an-address\n127.0.0.2\n")
    var bad: [String] = []
    let iterator = try TargetIterator(path: path, selection: TargetSelection()) {
      bad.append($0.description)
    }
    var out: [String] = []
    while let target = iterator.next() { out.append(target.identity) }
    #expect(out == ["127.0.0.1:25", "127.0.0.2:25"])
    #expect(bad.count == 1 && bad[0].hasPrefix("\(path):2: error:"))
  }

  @Test func shuffleIsAPermutationRepeatableBySeed() throws {
    let path = try writeList("127.0.0.0/24\n127.0.1.0/28\n127.0.2.1\n")
    let plain = try targets(path)
    var selection = TargetSelection()
    selection.shuffle = true
    selection.seed = 42
    let shuffled = try targets(path, selection)
    #expect(shuffled.count == plain.count)
    #expect(Set(shuffled) == Set(plain))
    #expect(shuffled != plain)
    #expect(try targets(path, selection) == shuffled)
    selection.seed = 43
    #expect(try targets(path, selection) != shuffled)
  }

  @Test func sampleDrawsNDistinctTargetsInListOrder() throws {
    let path = try writeList("127.0.0.0/22\n")
    let all = try targets(path)
    var selection = TargetSelection()
    selection.sample = 100
    selection.seed = 7
    let sample = try targets(path, selection)
    #expect(sample.count == 100)
    #expect(Set(sample).count == 100)
    #expect(Set(sample).isSubset(of: Set(all)))
    #expect(sample == all.filter(Set(sample).contains))
    #expect(try targets(path, selection) == sample)
    selection.sample = 5000
    #expect(try targets(path, selection).count == all.count)
  }

  @Test func shardsSplitAListWithNoOverlapAndNoGap() throws {
    let path = try writeList("127.0.0.0/22\n[::1]:25\n127.9.9.9:26\n")
    let all = try targets(path)
    var seen: [String] = []
    for index in 1...3 {
      var selection = TargetSelection()
      selection.shard = Shard("\(index)/3")
      let part = try targets(path, selection)
      #expect(part.count > all.count / 5)
      seen += part
    }
    #expect(seen.count == all.count)
    #expect(Set(seen) == Set(all))
  }

  @Test(arguments: ["0/3", "4/3", "1/0", "x/3", "2", "1/2/3"])
  func badShardsAreRejected(text: String) {
    #expect(Shard(text) == nil)
  }

  @Test func exclusionsAreMergedIntervals() {
    let ranges = ["127.0.0.0/30", "127.0.0.4", "127.0.1.0/24", "::1"].compactMap {
      try? TargetRange.parse($0)
    }
    let set = AddressSet(ranges)
    for inside in ["127.0.0.0", "127.0.0.3", "127.0.0.4", "127.0.1.77", "::1"] {
      #expect(set.contains(IPAddress(inside)!), "\(inside)")
    }
    for outside in ["127.0.0.5", "126.255.255.255", "127.0.2.0", "::2", "0.0.0.1"] {
      #expect(!set.contains(IPAddress(outside)!), "\(outside)")
    }
  }

  @Test func permutationVisitsEveryIndexOnce() {
    for count: UInt64 in [1, 2, 3, 5, 17, 1000, 4097] {
      let permutation = IndexPermutation(count: count, seed: count)
      let visited = Set((0..<count).map { permutation.index(at: $0) })
      #expect(visited == Set(0..<count))
    }
  }

  /// A /8 is 16,777,216 targets: streamed, sampled and shuffled without listing them.
  @Test func aSlashEightIsNeverExpandedInMemory() throws {
    let path = try writeList("127.0.0.0/8\n")
    let stream = try TargetIterator(path: path, selection: TargetSelection()) { _ in }
    #expect(stream.next()?.identity == "127.0.0.0:25")
    #expect(stream.next()?.identity == "127.0.0.1:25")
    var selection = TargetSelection()
    selection.shuffle = true
    selection.sample = 1000
    selection.seed = 1997
    let sample = try targets(path, selection)
    #expect(sample.count == 1000 && Set(sample).count == 1000)
    #expect(sample.allSatisfy { $0.hasPrefix("127.") })
  }
}
