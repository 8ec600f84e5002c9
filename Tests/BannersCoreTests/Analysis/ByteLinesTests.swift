import Testing

@testable import BannersCore

/// `merge` reads its inputs line by line without an array of every line first; the
/// lines are those `split(separator:omittingEmptySubsequences: false)` gives.
@Suite struct ByteLinesTests {
  @Test(arguments: ["", "\n", "\n\n", "a", "a\n", "a\nb", "a\n\nb\n", "\r\n{}\r\n", "x\n\n\n"])
  func linesAreThoseOfSplit(_ text: String) {
    let bytes = Array(text.utf8)
    let expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    #expect(ByteLines(bytes).map(Array.init) == expected)
  }
}
