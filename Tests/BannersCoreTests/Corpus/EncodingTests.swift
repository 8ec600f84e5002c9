import BannersCore
import BannersTestSupport
import Testing

@Suite struct EncodingTests {
  @Test func base64RoundTripsEveryLength() {
    var random = SeededRandom(seed: 7)
    for length in 0..<64 {
      let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      #expect(Base64.decode(Array(Base64.encode(bytes).utf8)) == bytes)
    }
    #expect(Base64.encode(Array("220 ".utf8)) == "MjIwIA==")
  }

  @Test func base64RejectsWhatIsNotCanonical() {
    for text in ["abc", "a===", "ab!=", "=AAA"] {
      #expect(Base64.decode(Array(text.utf8)) == nil, "\(text)")
    }
  }

  @Test func plainTextEscapingRoundTrips() {
    let banner: [UInt8] = Array("220 a\\b\r\n\t214 ".utf8) + [0x00, 0xFF]
    #expect(PlainTextBanner.unescape(PlainTextBanner.escape(banner)) == banner)
    #expect(
      String(decoding: PlainTextBanner.escape(Array("a\r\nb\\".utf8)), as: UTF8.self)
        == "a\\r\\nb\\\\")
  }

  @Test func terminalSafeEscapingLetsNoControlByteThrough() {
    let hostile: [UInt8] =
      Array("220 ok\r\n".utf8) + [0x1B] + Array("[2J".utf8) + [0x07, 0x9B, 0xC3, 0xA9, 0x7F, 0x00]
    let shown = TerminalSafe.escape(hostile)
    #expect(shown == "220 ok\\r\\n\\x1b[2J\\x07\\x9b\\xc3\\xa9\\x7f\\x00")
    #expect(shown.utf8.allSatisfy { (0x20..<0x7F).contains($0) })
    #expect(TerminalSafe.escape(Array("abcdefghij".utf8), limit: 8) == "abcde...")
  }
}
