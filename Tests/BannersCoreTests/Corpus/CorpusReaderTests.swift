import BannersCore
import BannersTestSupport
import Foundation
import Testing

@Suite struct CorpusReaderTests {
  func write(_ text: String, name: String = "c.jsonl") throws -> String {
    try write(Array(text.utf8), name: name)
  }

  func write(_ bytes: [UInt8], name: String) throws -> String {
    let url = try makeScratchDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  func readAll(_ path: String, format: CorpusFormat = .auto) throws -> [CorpusRecord] {
    let reader = try CorpusReader(path: path, format: format)
    var records: [CorpusRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  @Test func readsOkAndFailureRecordsWithEveryField() throws {
    let path = try write(
      """
      {"addr":"192.0.2.7","port":25,"time":"1998-05-11T03:10:02Z","outcome":"ok","banner":"220 x ESMTP Sendmail 8.8.8\\r\\n214 End\\r\\n"}
      {"addr":"192.0.2.9","port":25,"time":"1998-05-11T03:10:02Z","outcome":"timed out"}
      {"addr":"2001:db8::1","port":2525,"outcome":"ok","banner_b64":"MjIwIOk=","extra":{"nested":[1,2,{"a":null}]}}

      """)
    let records = try readAll(path)
    #expect(records.count == 3)
    #expect(records[0].banner == Array("220 x ESMTP Sendmail 8.8.8\r\n214 End\r\n".utf8))
    #expect(records[0].target == "192.0.2.7:25")
    #expect(records[0].time == "1998-05-11T03:10:02Z")
    #expect(records[1].outcome == .failed("timed out"))
    #expect(records[1].banner == nil)
    #expect(
      records[2].banner == [0x32, 0x32, 0x30, 0x20, 0xE9], "base64 keeps non-UTF-8 bytes exactly")
    #expect(records[2].target == "[2001:db8::1]:2525")
    #expect(records.map(\.source.line) == [1, 2, 3])
  }

  @Test func jsonEscapesDecodeToTheExactBytes() throws {
    let path = try write(
      #"{"outcome":"ok","banner":"a\u00e9\ud83d\ude00\u0000\"\\\/\b\f\t"}"# + "\n")
    let banner = try #require(try readAll(path).first?.banner)
    #expect(
      banner == [
        0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x00, 0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x09,
      ])
  }

  @Test(arguments: [
    ("not json", 1, "expected a JSON object"),
    (#"{"outcome":"ok","banner":"x"} trailing"#, 31, "unexpected text after the JSON object"),
    (#"{"outcome":"ok","banner":"x"#, 26, "unterminated string"),
    (#"{"outcome":"ok","banner":"\ud800"}"#, 0, "lone surrogate"),
    (#"{"outcome":"ok","banner":"a\qb"}"#, 0, "invalid escape"),
    (#"{"outcome":"ok"}"#, 0, "has no \"banner\""),
    (#"{"banner":"x"}"#, 0, "no \"outcome\""),
    (#"{"outcome":"ok","port":"25","banner":"x"}"#, 0, "\"port\" must be an integer"),
    (#"{"outcome":"ok","port":70000,"banner":"x"}"#, 0, "\"port\" must be an integer"),
    (#"{"outcome":"ok","banner":17}"#, 0, "\"banner\" must be a string"),
    (#"{"outcome":"ok","banner_b64":"!!!!"}"#, 0, "not valid base64"),
    (#"{"outcome":"ok","banner":"x","banner_b64":"eA=="}"#, 0, "both"),
  ])
  func malformedLinesAreErrorsNamingFileAndLine(line: String, column: Int, message: String) throws {
    let path = try write("{\"outcome\":\"timed out\"}\n" + line + "\n")
    let reader = try CorpusReader(path: path)
    _ = try reader.next()
    let error = try #require(throws: InputError.self) { try reader.next() }
    let diagnostic = try #require(error.diagnostics.first)
    #expect(diagnostic.location.file == path)
    #expect(diagnostic.location.line == 2)
    if column > 0 { #expect(diagnostic.location.column == column) }
    #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
  }

  @Test func invalidUTF8InsideJSONTextIsAnError() throws {
    let path = try write(
      Array(#"{"outcome":"ok","banner":"caf"#.utf8) + [0xE9] + Array("\"}\n".utf8), name: "c.jsonl")
    let error = try #require(throws: InputError.self) { try readAll(path) }
    #expect(error.description.contains("banner_b64"))
  }

  @Test func aBadLineDoesNotStopTheReaderFromGoingOn() throws {
    let path = try write(
      "{\"outcome\":\"timed out\"}\n{oops}\n{\"outcome\":\"connection refused\"}\n")
    let reader = try CorpusReader(path: path)
    var outcomes: [String] = []
    var bad: [InputError] = []
    while true {
      do {
        guard let record = try reader.next() else { break }
        outcomes.append(record.outcome.description)
      } catch {
        bad.append(error)
      }
    }
    #expect(outcomes == ["timed out", "connection refused"])
    #expect(bad.map(\.kind) == [.badLine])
    #expect(bad.first?.diagnostics.first?.location.line == 2)
  }

  @Test func plainTextIsOneEscapedBannerALineNumberedByLine() throws {
    let path = try write(
      Array("220 a\\r\\n214 b\\r\\n\n\\\\x\\q\n".utf8) + [0x00, 0xFF, 0x0A] + Array("last".utf8),
      name: "b.txt")
    let records = try readAll(path)
    #expect(
      records.map(\.banner) == [
        Array("220 a\r\n214 b\r\n".utf8), Array("\\x\\q".utf8), [0x00, 0xFF], Array("last".utf8),
      ])
    #expect(records.map(\.source.line) == [1, 2, 3, 4])
    #expect(records.allSatisfy { $0.outcome == .ok && $0.target == nil })
  }

  @Test func formatIsSniffedFromTheFirstLineWhenTheNameSaysNothing() throws {
    let jsonl = try write("{\"outcome\":\"timed out\"}\n", name: "corpus")
    #expect(try readAll(jsonl).first?.outcome == .failed("timed out"))
    let text = try write("220 hello\n", name: "corpus")
    #expect(try readAll(text).first?.banner == Array("220 hello".utf8))
    #expect(
      try readAll(jsonl, format: .text).first?.banner == Array("{\"outcome\":\"timed out\"}".utf8))
  }

  @Test func linesLongerThanAnyBufferAreReadWhole() throws {
    let big = String(repeating: "x", count: 3 << 20)
    let path = try write(
      "{\"outcome\":\"ok\",\"banner\":\"\(big)\"}\n{\"outcome\":\"timed out\"}\n")
    let records = try readAll(path)
    #expect(records.count == 2)
    #expect(records[0].banner?.count == 3 << 20)
  }

  @Test func recordsRoundTripThroughTheirJSONLine() throws {
    let original = CorpusRecord(
      address: "192.0.2.1", port: 25, time: "1998-05-11T03:10:02Z", outcome: .ok,
      banner: [0x32, 0x32, 0x30, 0x0D, 0x0A, 0xE9, 0x00], source: SourceLocation(file: "x", line: 1)
    )
    let path = try write(original.jsonLine + "\n")
    var read = try #require(try readAll(path).first)
    read.source = original.source
    #expect(read == original)
    #expect(original.jsonLine.contains("\"banner_b64\""))
  }

  @Test func identitiesNumberRepeatedTargets() throws {
    let path = try write(
      "{\"addr\":\"192.0.2.1\",\"port\":25,\"outcome\":\"timed out\"}\n{\"addr\":\"192.0.2.1\",\"port\":25,\"outcome\":\"timed out\"}\n{\"addr\":\"192.0.2.2\",\"port\":25,\"outcome\":\"timed out\"}\n"
    )
    var identity = RecordIdentity()
    #expect(
      try readAll(path).map { identity.identity(of: $0) } == [
        "192.0.2.1:25", "192.0.2.1:25#2", "192.0.2.2:25",
      ])
  }
}
