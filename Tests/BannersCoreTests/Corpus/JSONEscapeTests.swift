import Testing

@testable import BannersCore

/// The one decoder of JSON string escapes, as the corpus-line parser and the scanner
/// outputs' tree read it: same bytes, same errors at the same offsets.
@Suite struct JSONEscapeTests {
  static let decoded: [(escaped: String, unicode: [UInt8], byte: [UInt8])] = [
    (#"\"\\\/"#, [0x22, 0x5C, 0x2F], [0x22, 0x5C, 0x2F]),
    (#"\b\f\n\r\t"#, [0x08, 0x0C, 0x0A, 0x0D, 0x09], [0x08, 0x0C, 0x0A, 0x0D, 0x09]),
    (#"\u00e9"#, [0xC3, 0xA9], [0xE9]),
    (#"\u00FF\u0041"#, [0xC3, 0xBF, 0x41], [0xFF, 0x41]),
    (#"\u20ac"#, [0xE2, 0x82, 0xAC], [0xE2, 0x82, 0xAC]),
    (#"\ud83d\ude00"#, [0xF0, 0x9F, 0x98, 0x80], [0xF0, 0x9F, 0x98, 0x80]),
  ]

  @Test(arguments: decoded)
  func escapesDecodeToTheirBytes(escaped: String, unicode: [UInt8], byte: [UInt8]) throws {
    let line = #"{"banner":""# + escaped + #""}"#
    #expect(try objectParserBanner(line) == unicode)
    #expect(try JSONValue.parse(Array(line.utf8))["banner"]?.stringBytes == unicode)
    #expect(try JSONValue.parse(Array(line.utf8), escapes: .byte)["banner"]?.stringBytes == byte)
  }

  /// Each bad escape with the column (0-based offset in the line) both readers name.
  static let malformed: [(escaped: String, offset: Int, message: String)] = [
    (#"\ud800"#, 17, #"lone surrogate \ud800 (JSON text must be Unicode)"#),
    (#"\ud800x"#, 17, #"lone surrogate \ud800 (JSON text must be Unicode)"#),
    (#"\udc00"#, 17, #"lone surrogate \udc00 (JSON text must be Unicode)"#),
    (#"\ud800\u0041"#, 23, "invalid surrogate pair"),
    (#"\u12g4"#, 15, #"\u needs four hex digits"#),
    (#"\ud800\u12"#, 21, #"\u needs four hex digits"#),
    (#"\q"#, 11, #"invalid escape '\q' in a string"#),
  ]

  @Test(arguments: malformed)
  func badEscapesAreNamedAtTheirOffset(escaped: String, offset: Int, message: String) {
    let line = #"{"banner":""# + escaped + #""}"#
    do {
      _ = try objectParserBanner(line)
      Issue.record("no error for \(escaped)")
    } catch {
      #expect(error.offset == offset)
      #expect(error.message == message)
    }
    do {
      _ = try JSONValue.parse(Array(line.utf8))
      Issue.record("no error for \(escaped)")
    } catch {
      #expect(error.offset == offset)
      #expect(error.message == message)
    }
  }

  @Test func escapeCutByTheEndOfTheLineIsAnError() {
    for cut in [#"\"#, #"\u00"#] {
      let bytes = Array((#"{"banner":""# + cut).utf8)
      #expect(throws: JSONEscape.Failure.self) {
        _ = try bytes.withUnsafeBufferPointer { buffer throws(JSONEscape.Failure) in
          var out: [UInt8] = []
          return try JSONEscape.decode(buffer, at: 11, into: &out)
        }
      }
    }
  }

  private func objectParserBanner(_ line: String) throws(JSONObjectParser.Failure) -> [UInt8]? {
    var banner: [UInt8]?
    try Array(line.utf8).withUnsafeBufferPointer { buffer throws(JSONObjectParser.Failure) in
      try JSONObjectParser.parse(buffer) { key, value in
        if key == Array("banner".utf8), case .string(let bytes) = value { banner = bytes }
      }
    }
    return banner
  }
}
