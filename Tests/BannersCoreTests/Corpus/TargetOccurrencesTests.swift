import Foundation
import Testing

@testable import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Many distinct targets counted by their text (addresses that are not canonical),
  /// through the text table's growth, each repeated: numbered as by their text.
  @Test func manyDistinctTextTargets() {
    var random = SeededRandom(seed: 7)
    var occurrences = TargetOccurrences()
    var reference = TextCounts()
    for line in 1...30_000 {
      let number = Int(random.next() % 5_000)
      // `2001:db8::0:1` is not the canonical `2001:db8::1`: counted by its text.
      let address =
        "2001:db8::\(String(number >> 12, radix: 16)):\(String(number & 0xFFF, radix: 16))"
      let target = record(address, 25, line: line).target!
      #expect(
        occurrences.count(target: target, address: address, port: 25) == reference.count(target))
    }
    #expect(reference.seen.count > 4_000)
  }

  /// The written-out canonical checks against `inet_ntop` on addresses with zero runs of
  /// every length and place: they accept its text (but the dotted IPv6 forms), and
  /// reject the same address in upper case, with a leading zero or uncompressed.
  @Test func canonicalTextIsInetNtopsText() {
    var random = SeededRandom(seed: 1998)
    for _ in 0..<20_000 {
      var groups = (0..<8).map { _ in UInt16(truncatingIfNeeded: random.next()) }
      for index in 0..<8 where random.next() % 3 != 0 { groups[index] = 0 }
      if random.next() % 4 == 0 { groups[Int(random.next() % 8)] = UInt16(random.next() % 16) }
      var address = in6_addr()
      withUnsafeMutableBytes(of: &address) { bytes in
        for (index, group) in groups.enumerated() {
          bytes[index * 2] = UInt8(group >> 8)
          bytes[index * 2 + 1] = UInt8(group & 0xFF)
        }
      }
      let high = groups[0..<4].reduce(0) { $0 << 16 | UInt64($1) }
      let low = groups[4..<8].reduce(0) { $0 << 16 | UInt64($1) }
      var buffer = [CChar](repeating: 0, count: 64)
      #expect(inet_ntop(AF_INET6, &address, &buffer, 64) != nil)
      let text = String(cString: buffer)
      func isCanonical(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer {
          TargetOccurrences.isCanonicalIPv6($0, high, low)
        }
      }
      #expect(isCanonical(text) == !text.contains("."), "\(text)")
      if text.contains(where: { "abcdef".contains($0) }) {
        #expect(!isCanonical(text.uppercased()))
      }
      if text.contains("::") {
        #expect(!isCanonical(text.replacingOccurrences(of: "::", with: ":0:0:")))
      }
      #expect(!isCanonical("0" + text) || text.hasPrefix(":"))
      let v4 = UInt32(truncatingIfNeeded: random.next()) >> (random.next() % 32)
      var binary = in_addr(s_addr: v4.bigEndian)
      #expect(inet_ntop(AF_INET, &binary, &buffer, 64) != nil)
      let dotted = Array(String(cString: buffer).utf8)
      #expect(dotted.withUnsafeBufferPointer { TargetOccurrences.isCanonicalIPv4($0, v4) })
      #expect(
        !([UInt8(ascii: "0")] + dotted).withUnsafeBufferPointer {
          TargetOccurrences.isCanonicalIPv4($0, v4)
        })
    }
  }
}
