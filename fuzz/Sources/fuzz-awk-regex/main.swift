import BannersCore
import FuzzSupport

/// One awk regex (the bytes between the slashes): the translator's offsets stay in the
/// source, and the compiled rule gives one answer under every matcher, on banners taken
/// from the regex itself.
enum FuzzAwkRegex {
  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = FuzzInput.bytes(data, size)
    guard !source.contains(0x0A) else { return 0 }
    let translation: AwkRegexTranslator.Translation
    do {
      translation = try AwkRegexTranslator.translate(source)
    } catch {
      return 0
    }
    for offset in 0...translation.pattern.count {
      let mapped = translation.sourceOffset(forPatternOffset: offset)
      guard (0...source.count).contains(mapped) else {
        FuzzInput.fail("pattern offset \(offset) maps to \(mapped), outside 0...\(source.count)")
      }
    }
    // An unescaped '/' ends the regex in a rule file; such inputs stop here.
    let line = [UInt8(ascii: "/")] + source + Array("/ fuzz\n".utf8)
    guard let rules = try? RuleList(source: line, file: "fuzz.rules"), rules.rules.count == 1 else {
      return 0
    }
    let matchers = VerdictCheck.matchers(rules)
    let printable = source.filter { $0 != UInt8(ascii: "\\") }
    for banner in [[], source, printable, printable + printable, Array(source.reversed())] {
      VerdictCheck.agree(matchers, on: banner)
    }
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzAwkRegex.test(data, size)
}

FuzzDriver.run(testOneInput)
