import Testing

@testable import BannersCore

@Suite struct InlineTextTests {
  /// Every length around the inline capacity, ASCII and multi-byte: the text comes back
  /// exactly, and equal texts are equal values whichever way they were made.
  @Test func keepsTextOfEveryLengthExactly() {
    for length in 0...30 {
      for unit in ["7", "é", "\u{202E}"] {
        let text = String(repeating: unit, count: length)
        let made = InlineText(text)
        #expect(made.string == text)
        var copy = text
        let fromBytes = copy.withUTF8 { InlineText(validUTF8: $0) }
        #expect(fromBytes == made)
        #expect(fromBytes.hashValue == made.hashValue)
      }
    }
    #expect(InlineText("1998-05-11T03:10:02Z") != InlineText("1998-05-11T03:10:03Z"))
    var record = CorpusRecord(outcome: .ok, source: SourceLocation(file: "x", line: 1))
    record.time = "2026-12-02T07:46:47.123456789Z"
    #expect(record.time == "2026-12-02T07:46:47.123456789Z")
    record.time = nil
    #expect(record.time == nil)
  }
}
