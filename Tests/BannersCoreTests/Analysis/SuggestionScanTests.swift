import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// `report`'s second pass passes over the corpus lines that hold no live candidate
/// before parsing them (issue 13): it must count exactly what checking every parsed
/// record counts, whatever way a line writes its banner.
@Suite struct SuggestionScanTests {
  /// The promise behind passing a line over: wherever a banner holds a fragment, the
  /// line holds the fragment's line key as it is, or says its banner is written
  /// otherwise. Random banners (quotes, backslashes, slashes, controls, UTF-8) in
  /// every way a line may write them.
  @Test func aLineHoldsTheLineKeyOfEveryFragmentItsBannerHolds() throws {
    var random = SeededRandom(seed: 13)
    let alphabet = Array("ab/\"\\ .-(x)Z9".utf8) + [0x0D, 0x0A, 0x09, 0xC3, 0xA9, 0x7F]
    var checked = 0
    for _ in 0..<300 {
      let banner = (0..<Int.random(in: 1...40, using: &random)).map { _ in
        alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
      }
      for line in Self.lines(writing: banner, random: &random) {
        for start in banner.indices {
          for end in (start + 1)...min(banner.count, start + 12) {
            let fragment = Array(banner[start..<end])
            guard fragment.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { continue }
            let key = SuggestionCheck.lineKey(of: fragment)
            guard !key.isEmpty else { continue }
            let found =
              Self.contains(line, key)
              || SuggestionCheck.otherwiseWritten.contains { Self.contains(line, $0) }
            #expect(found, "\(String(decoding: fragment, as: UTF8.self)) in \(line)")
            checked += 1
          }
        }
      }
    }
    #expect(checked > 5_000)
  }

  /// The second pass with lines passed over against a check of every parsed record,
  /// on synthetic corpora (planted residue families, and one whose literal parts hold
  /// `/` and `"`), written as `record` writes them, with banners written otherwise
  /// (`\u` escapes, `\/`, base64, other member orders) and as plain text.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func passingLinesOverCountsWhatCheckingEveryRecordCounts(seed: UInt64) throws {
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    let records = AnalysisFixtures.size(2000)
    var corpus = SyntheticCorpus(seed: seed)
    var random = SeededRandom(seed: seed)
    var plain: [String] = []
    var hostile: [String] = []
    var text: [String] = []
    for index in 0..<records {
      var line = corpus.nextLine()
      // A residue family whose literal parts hold a slash and quotes, and classified
      // banners (`/Sendmail/`) holding each of its words alone, so that only fragments
      // across the slash or a quote can claim it.
      let host = "h\(Int.random(in: 1...999, using: &random)).example.org"
      if index % 7 == 0 {
        line = Self.line(Array("220 \(host) FooMail/Pro \"Gold\" relay ready\r\n".utf8))
      } else if index % 11 == 0 {
        line = Self.line(Array("220 \(host) ESMTP Sendmail FooMail Pro Gold relay ready\r\n".utf8))
      }
      plain.append(line)
      let bytes = Array(line.utf8)
      let record = try #require(
        try bytes.withUnsafeBufferPointer { buffer throws(InputError) in
          try CorpusReader.parse(
            buffer, format: .jsonl, at: SourceLocation(file: "s", line: index + 1))
        })
      if let banner = record.banner, record.outcome == .ok {
        let ways = Self.lines(writing: banner, random: &random)
        hostile.append(ways[Int.random(in: 0..<ways.count, using: &random)])
        text.append(String(decoding: PlainTextBanner.escape(banner), as: UTF8.self))
      } else {
        hostile.append(line)
      }
    }
    let scratch = try makeScratchDirectory()
    var passedOver = 0
    for (name, lines) in [("plain.jsonl", plain), ("hostile.jsonl", hostile), ("text.txt", text)] {
      let path = scratch.appendingPathComponent(name).path
      try (lines.joined(separator: "\n") + "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
      for workers in [1, 2] {
        let report = try CorpusReport.make(
          rules: rules, corpora: [path], options: .init(limit: 30), workers: workers)
        let suggested = try #require(report.suggestedRules)
        // The plain pass: every record parsed and checked.
        let templates = report.templates
        var check = SuggestionCheck(
          groups: Array(templates.groups.prefix(30)), templates: templates)
        let matcher = RuleMatcher(rules)
        for record in try AnalysisFixtures.records(path) {
          check.add(record) { matcher.verdict(for: $0) }
        }
        #expect(suggested == check.suggestions(), "\(name), \(workers) workers")
        #expect(suggested.contains { !$0.isEmpty })
        #expect(
          suggested.joined().contains { $0.fragment.contains(UInt8(ascii: "/")) }
            || suggested.joined().contains { $0.fragment.contains(UInt8(ascii: "\"")) },
          "a suggestion crosses a slash or a quote")
      }
      // How many lines the pass did not parse.
      let templates = try CorpusReport.make(rules: rules, corpora: [path]).templates
      var scan = SuggestionScan(
        SuggestionCheck(groups: Array(templates.groups.prefix(30)), templates: templates), rules,
        limits: .default)
      let summary = try CorpusScan(ScanRequest(corpora: [path], workers: 1)).run(&scan)
      if name != "hostile.jsonl" { passedOver += lines.count - summary.records }
    }
    // Over the two files, most lines of the shown groups' residue are parsed; half of
    // the synthetic corpus is residue.
    #expect(passedOver > records / 2)
  }

  /// The line filter (`AnyLiteralScanner` over the live keys, and a `GramSieve` in front
  /// when every live key is long enough) only makes the line check faster: with it or
  /// without, every line gets the same answer, whatever candidates are out, and with a
  /// filter made before more went out (a worker's, later in its batch). The corpus
  /// holds a residue family whose fragments have line keys shorter than the sieve's
  /// window (`Qz/Pro/Xk` has the key `Pro`), and lines written every way.
  @Test func theLineFilterChangesNoLinesAnswer() throws {
    let rules = try AnalysisFixtures.rules("smtp-1998.rules")
    var corpus = SyntheticCorpus(seed: 4)
    var random = SeededRandom(seed: 4)
    var lines: [String] = []
    for index in 0..<AnalysisFixtures.size(600) {
      var line = corpus.nextLine()
      if index % 5 == 0 {
        let host = "h\(Int.random(in: 1...999, using: &random)).example.org"
        line = Self.line(Array("220 \(host) Qz/Pro/Xk relay ready\r\n".utf8))
      }
      lines.append(line)
    }
    let path = try makeScratchDirectory().appendingPathComponent("short.jsonl").path
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let check = try CorpusReport.make(
      rules: rules, corpora: [path], options: .init(limit: 30)
    ).suggestionCheck
    #expect(check.lineKeys.contains { $0.count < GramSieve.width })
    // Every line as `record` writes it, written otherwise, and as plain text.
    var written: [(line: [UInt8], format: CorpusFormat)] = []
    for line in lines {
      written.append((Array(line.utf8), .jsonl))
      let record = try #require(
        try Array(line.utf8).withUnsafeBufferPointer { buffer throws(InputError) in
          try CorpusReader.parse(buffer, format: .jsonl, at: SourceLocation(file: "s", line: 1))
        })
      guard let banner = record.banner else { continue }
      for way in Self.lines(writing: banner, random: &random) {
        written.append((Array(way.utf8), .jsonl))
      }
      written.append((PlainTextBanner.escape(banner), .text))
    }
    let words = (check.candidateCount + 63) / 64
    var sieved = 0
    var different: [String] = []
    for trial in 0..<12 {
      // Out when the filter is made, then more out when lines are checked.
      var before = [UInt64](repeating: 0, count: words)
      for (id, key) in check.lineKeys.enumerated()
      where Int.random(in: 0..<4, using: &random) < trial % 4
        || (trial >= 8 && key.count <= GramSieve.width)
      {
        before[id >> 6] |= 1 << UInt64(id & 63)
      }
      var after = before
      for id in 0..<check.candidateCount where Int.random(in: 0..<3, using: &random) == 0 {
        after[id >> 6] |= 1 << UInt64(id & 63)
      }
      let filter = check.lineFilter(knownOut: before)
      if filter.sieve != nil { sieved += 1 }
      for (line, format) in written {
        for knownOut in [before, after] {
          line.withUnsafeBufferPointer { line in
            let plain = check.mayHoldLiveCandidate(line: line, format: format, knownOut: knownOut)
            let filtered = check.mayHoldLiveCandidate(
              line: line, format: format, knownOut: knownOut, filter: filter)
            if plain != filtered { different.append(String(decoding: line, as: UTF8.self)) }
          }
        }
      }
    }
    #expect(different.isEmpty, "\(different.prefix(3))")
    // Some filters had a sieve (the short keys out), some had none.
    #expect(sieved > 0 && sieved < 12)
  }

  /// `banner` as `record` writes it.
  static func line(_ banner: [UInt8]) -> String {
    #"{"addr":"10.1.2.3","port":25,"outcome":"ok","# + JSONText.bannerMember(banner) + "}"
  }

  /// `banner` as corpus lines: as `record` writes it, with `/` as `\/`, with some
  /// bytes as `\u` escapes, as base64, and in another member order with spaces.
  static func lines(writing banner: [UInt8], random: inout SeededRandom) -> [String] {
    let head = #"{"addr":"192.0.2.1","port":25,"outcome":"ok","#
    var escaped: [UInt8] = []
    var slashed: [UInt8] = []
    for byte in banner {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        escaped += [UInt8(ascii: "\\"), byte]
        slashed += [UInt8(ascii: "\\"), byte]
      case UInt8(ascii: "/"):
        escaped.append(byte)
        slashed += Array(#"\/"#.utf8)
      case 0x20..<0x7F where Int.random(in: 0..<4, using: &random) != 0:
        escaped.append(byte)
        slashed.append(byte)
      default:
        let unit = byte < 0x80 ? UInt32(byte) : 0xE9
        escaped += Array(String(format: "\\u%04x", unit).utf8)
        slashed += Array(String(format: "\\u%04x", unit).utf8)
      }
    }
    let written = JSONText.bannerMember(banner)
    return [
      head + written + "}",
      head + #""banner":""# + String(decoding: slashed, as: UTF8.self) + #""}"#,
      head + #""banner":""# + String(decoding: escaped, as: UTF8.self) + #""}"#,
      head + #""banner_b64":""# + Base64.encode(banner) + #""}"#,
      #"{ "outcome" : "ok", "#.appending(written) + #" , "port": 25 }"#,
    ]
  }

  static func contains(_ line: String, _ key: [UInt8]) -> Bool {
    let bytes = Array(line.utf8)
    guard key.count <= bytes.count else { return false }
    return (0...(bytes.count - key.count)).contains {
      bytes[$0..<$0 + key.count].elementsEqual(key)
    }
  }
}
