import BannersCore
import FuzzSupport

/// A plain-text corpus: both readers agree, and every banner escapes and unescapes to
/// itself.
enum FuzzCorpusText {
  static let input = ScratchFile(suffix: ".txt")

  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Self.input.write(FuzzInput.bytes(data, size))
    for record in CorpusCheck.readersAgree(Self.input.path, format: .text) {
      guard let banner = record.banner else { continue }
      let escaped = PlainTextBanner.escape(banner)
      guard !escaped.contains(0x0A), PlainTextBanner.unescape(escaped) == banner else {
        FuzzInput.fail("banner \(TerminalSafe.escape(banner)) does not survive escaping")
      }
    }
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzCorpusText.test(data, size)
}

FuzzDriver.run(testOneInput)
