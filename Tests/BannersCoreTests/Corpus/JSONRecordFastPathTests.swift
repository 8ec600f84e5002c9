import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// The JSON Lines fast path against the full parser: wherever the fast path answers,
/// its record is the full parser's, and it answers for the lines `record` writes.
@Suite struct JSONRecordFastPathTests {
  let location = BannersCore.SourceLocation(file: "fast.jsonl", line: 7)

  /// The fast path's record (nil when it declines) and the full parser's result.
  func bothParsers(_ line: [UInt8]) -> (fast: CorpusRecord?, full: Result<CorpusRecord, InputError>)
  {
    line.withUnsafeBufferPointer { bytes in
      (
        JSONRecordFastPath.record(bytes, at: location),
        Result { () throws(InputError) in
          try CorpusReader.fullRecord(fromJSON: bytes, at: location)
        }
      )
    }
  }

  /// Checks that the fast path, where it answers, gives the full parser's record;
  /// returns whether it answered.
  @discardableResult
  func expectAgreement(_ line: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> Bool
  {
    let (fast, full) = bothParsers(line)
    expectOutcomeAndBanner(line, as: fast, sourceLocation: sourceLocation)
    guard let fast else { return false }
    switch full {
    case .success(let record):
      #expect(fast == record, "\(TerminalSafe.escape(line))", sourceLocation: sourceLocation)
    case .failure(let error):
      Issue.record(
        "fast path accepted what the full parser rejects (\(error)): \(TerminalSafe.escape(line))",
        sourceLocation: sourceLocation)
    }
    return true
  }

  /// The fast path's outcome and banner without a record (what `classify --tally`
  /// reads): nil exactly where the record is nil, and otherwise the record's.
  func expectOutcomeAndBanner(
    _ line: [UInt8], as record: CorpusRecord?, sourceLocation: Testing.SourceLocation
  ) {
    // Scratch memory of exactly the line's length: the least the fast path may be given.
    var scratch = [UInt8](repeating: 0xAA, count: line.count)
    let light = line.withUnsafeBufferPointer { bytes in
      scratch.withUnsafeMutableBufferPointer { scratch in
        JSONRecordFastPath.outcomeAndBanner(bytes, scratch: scratch).map {
          (
            isOK: $0.isOK, outcome: String(decoding: $0.outcome, as: UTF8.self),
            banner: $0.banner.map(Array.init)
          )
        }
      }
    }
    guard let record else {
      #expect(light == nil, "\(TerminalSafe.escape(line))", sourceLocation: sourceLocation)
      return
    }
    guard let light else {
      Issue.record("declined: \(TerminalSafe.escape(line))", sourceLocation: sourceLocation)
      return
    }
    #expect(light.isOK == (record.outcome == .ok), sourceLocation: sourceLocation)
    #expect(light.outcome == record.outcome.description, sourceLocation: sourceLocation)
    #expect(light.banner == record.banner, sourceLocation: sourceLocation)
  }

  func sampleLines() throws -> [[UInt8]] {
    let url = packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl")
    return try Data(contentsOf: url).split(separator: 0x0A).map { Array($0) }
  }

  /// Every line of the sample but those with `banner_b64` (non-UTF-8 banners, rare
  /// enough to leave to the full parser).
  @Test func takesEverySampleLineWithATextBanner() throws {
    var base64 = 0
    for line in try sampleLines() {
      let taken = expectAgreement(line)
      if line.contains(subsequence: "\"banner_b64\"") {
        base64 += 1
        #expect(!taken)
      } else {
        #expect(taken, "declined: \(TerminalSafe.escape(line, limit: 200))")
      }
    }
    #expect(base64 > 0)
  }

  /// Lines as `record` writes them, around hostile banners (controls, NUL, CR and LF,
  /// C1 codes, multi-byte UTF-8; invalid UTF-8 goes to `banner_b64`, the full parser's).
  @Test func takesWhatTheWriterWrites() throws {
    let rules = try RuleList(
      contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules").path)
    var generator = BannerGenerator(rules: [rules], seed: 13)
    var taken = 0
    var base64 = 0
    for index in 0..<3000 {
      var banner = generator.next()
      if index % 7 == 0 { banner += Array("é \u{9B} \u{202E} \u{1F600} \"q\" \\ /".utf8) }
      let record = CorpusRecord(
        address: index % 2 == 0 ? "192.0.2.\(index % 256)" : "2001:db8::\(index)", port: 25,
        time: "1998-05-11T03:10:02Z", outcome: index % 11 == 0 ? .failed("timed out") : .ok,
        banner: index % 11 == 0 && index % 2 == 0 ? nil : banner, source: location)
      let line = Array(record.jsonLine.utf8)
      if expectAgreement(line) {
        taken += 1
        let fast = line.withUnsafeBufferPointer { JSONRecordFastPath.record($0, at: location) }
        #expect(fast == record)
      } else {
        #expect(line.contains(subsequence: "banner_b64"), "\(TerminalSafe.escape(line))")
        base64 += 1
      }
    }
    #expect(taken > 2000)
  }

  @Test(arguments: [
    // Declined and left to the full parser (which accepts each of these).
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"\ud83d\ude00"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner_b64":"MjIwIA=="}"#,
    #"{ "addr":"192.0.2.1","outcome":"ok","banner":"220"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220"} "#,
    #"{"addr":"192\u002e0.2.1","outcome":"ok","banner":"220"}"#,
    #"{"addr":null,"outcome":"ok","banner":"220"}"#,
    #"{"outcome":"ok","banner":"old","banner":"220"}"#,
    #"{"outcome":"ok","banner":"220","x":{"y":[1,2]}}"#,
    #"{"outcome":"ok","banner":"220","x":-1.5e3}"#,
  ])
  func declinesWhatIsNotPlain(_ text: String) {
    let (fast, full) = bothParsers(Array(text.utf8))
    #expect(fast == nil)
    expectOutcomeAndBanner(Array(text.utf8), as: nil, sourceLocation: #_sourceLocation)
    #expect((try? full.get()) != nil)
  }

  @Test(arguments: [
    // Errors: the fast path declines, and the full parser names them.
    #"{"addr":"192.0.2.1","port":025,"outcome":"ok","banner":"220"}"#,
    #"{"addr":"192.0.2.1","port":65536,"outcome":"ok","banner":"220"}"#,
    #"{"addr":"192.0.2.1","port":25.0,"outcome":"ok","banner":"220"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok"}"#,
    #"{"addr":"192.0.2.1","outcome":"","banner":"220"}"#,
    #"{"addr":"192.0.2.1","banner":"220"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220\q"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220\u12"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220\"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220"}}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220",}"#,
    #"{"addr":25,"outcome":"ok","banner":"220"}"#,
    #"{"addr":"192.0.2.1","outcome":"ok","banner":"220","x":"\u00"}"#,
  ])
  func declinesErrors(_ text: String) {
    let (fast, full) = bothParsers(Array(text.utf8))
    #expect(fast == nil)
    expectOutcomeAndBanner(Array(text.utf8), as: nil, sourceLocation: #_sourceLocation)
    #expect((try? full.get()) == nil)
  }

  @Test func declinesInvalidUTF8AndRawControls() {
    let prefix = Array(#"{"outcome":"ok","banner":""#.utf8)
    let suffix = Array(#""}"#.utf8)
    for middle: [UInt8] in [
      [0xC3], [0xFF, 0x41], [0x41, 0x0A], [0x09], [0xC3] + Array(#"\u00a9"#.utf8),
    ] {
      let (fast, full) = bothParsers(prefix + middle + suffix)
      #expect(fast == nil)
      #expect((try? full.get()) == nil)
    }
    // A valid multi-byte character raw and one escaped: both taken.
    #expect(expectAgreement(prefix + [0xC3, 0xA9] + Array(#"\u00e9\u20ac"#.utf8) + suffix))
  }

  /// Mutated sample lines (flipped quotes, backslashes, digits, cut lines, bytes >= 0x80):
  /// the fast path never accepts one the full parser rejects, and never disagrees.
  @Test func agreesWithTheFullParserOnMutatedLines() throws {
    let lines = try sampleLines()
    var mutator = ByteMutator(seed: 13)
    var taken = 0
    var declined = 0
    for iteration in 0..<40000 {
      let line = mutator.mutate(lines[iteration % lines.count])
      if expectAgreement(line) { taken += 1 } else { declined += 1 }
    }
    // Both sides are exercised: many mutations keep the line valid, many break it.
    #expect(taken > 5000)
    #expect(declined > 5000)
  }
}

extension Array where Element == UInt8 {
  fileprivate func contains(subsequence text: String) -> Bool {
    let needle = Array(text.utf8)
    guard needle.count <= count else { return false }
    return (0...(count - needle.count)).contains {
      self[$0..<($0 + needle.count)].elementsEqual(needle)
    }
  }
}
