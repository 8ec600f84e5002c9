import BannersCore
import Testing

/// `TargetOccurrences` against the dictionary of target texts it replaces: the same
/// occurrence numbers for every record, whatever the address text.
@Suite struct TargetOccurrencesTests {
  /// Counts occurrences by the target's text, as `RecordIdentity` did before.
  struct TextCounts {
    var seen: [String: Int] = [:]
    mutating func count(_ target: String) -> Int {
      seen[target, default: 0] += 1
      return seen[target]!
    }
  }

  static let addresses = [
    "192.0.2.1", "192.0.2.01", "192.000.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1",
    "2001:DB8::1", "2001:0db8::1", "2001:db8:0:0:0:0:0:1", "::", "::1", "::ffff:192.0.2.1",
    "2001:db8:1::1", "fe80::1%eth0", "mail.example.com", "192.0.2.1:25", "[2001:db8::1]", "",
  ]
  static let ports: [Int?] = [25, 0, 65535, 65536, -1, nil, 587]

  func record(_ address: String, _ port: Int?, line: Int) -> CorpusRecord {
    CorpusRecord(
      address: address, port: port, outcome: .failed("timed out"),
      source: SourceLocation(file: "c.jsonl", line: line))
  }

  @Test func numbersAsTheTextOfTheTargetDoes() {
    var random = SeededRandom(seed: 13)
    var occurrences = TargetOccurrences()
    var reference = TextCounts()
    var repeats = 0
    for line in 1...20_000 {
      let address = Self.addresses.randomElement(using: &random)!
      let port = Self.ports.randomElement(using: &random)!
      let target = record(address, port, line: line).target!
      let occurrence = occurrences.count(target: target, address: address, port: port)
      #expect(occurrence == reference.count(target), "\(target)")
      if occurrence > 1 { repeats += 1 }
    }
    #expect(repeats > 19_000)
  }

  @Test func manyDistinctTargetsAcrossPrefixesAndGrowth() {
    var random = SeededRandom(seed: 1998)
    // A prefix table of 4 forces most IPv6 addresses into the wide table.
    var occurrences = TargetOccurrences(maximumPrefixes: 4)
    var reference = TextCounts()
    var targets: [(address: String, port: Int)] = []
    for _ in 0..<6_000 {
      let word = random.next()
      let address =
        word % 2 == 0
        ? "\(word >> 56).\(word >> 48 & 255).\(word >> 40 & 255).\(word >> 32 & 255)"
        : "2001:db8:\(String(word >> 48 & 15, radix: 16))::\(String(word & 0xFFFF, radix: 16))"
      targets.append((address, Int(word >> 20 & 3) + 24))
    }
    for line in 1...30_000 {
      let (address, port) = targets[Int(random.next() % UInt64(targets.count))]
      let target = record(address, port, line: line).target!
      #expect(
        occurrences.count(target: target, address: address, port: port)
          == reference.count(target), "\(target)")
    }
    #expect(reference.seen.count > 4_000)
  }

  @Test func countsPastFourteenBits() {
    var occurrences = TargetOccurrences()
    var last = 0
    for _ in 0..<20_000 {
      last = occurrences.count(target: "[::1]:25", address: "::1", port: 25)
    }
    #expect(last == 20_000)
    #expect(occurrences.count(target: "192.0.2.1:25", address: "192.0.2.1", port: 25) == 1)
  }

  @Test func eachFileNumbersItsOwnRepeats() {
    var identity = RecordIdentity()
    var records: [CorpusRecord] = []
    for file in ["a.jsonl", "b.jsonl"] {
      for line in 1...3 {
        records.append(
          CorpusRecord(
            address: "192.0.2.1", port: 25, outcome: .failed("timed out"),
            source: SourceLocation(file: file, line: line)))
      }
    }
    records.append(CorpusRecord(outcome: .ok, source: SourceLocation(file: "c.txt", line: 9)))
    #expect(
      records.map { identity.identity(of: $0) } == [
        "192.0.2.1:25", "192.0.2.1:25#2", "192.0.2.1:25#3",
        "192.0.2.1:25", "192.0.2.1:25#2", "192.0.2.1:25#3", "9",
      ])
  }
}
