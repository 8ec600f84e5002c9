import BannersCore
import FuzzSupport

/// A rule file: parsing, translation, compilation, export, and matching under every
/// matcher (they must agree), with the file's own lines as banners.
enum FuzzRules {
  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = FuzzInput.bytes(data, size)
    let rules: RuleList
    do {
      rules = try RuleList(source: source, file: "fuzz.rules")
    } catch {
      _ = error.description
      return 0
    }
    _ = rules.warnings.map(\.description)
    _ = AwkProgram(rules).text
    let matchers = VerdictCheck.matchers(rules)
    var banners: [[UInt8]] = [
      [], Array("220 mail.example.com ESMTP Sendmail 8.8.8; ready\r\n".utf8),
    ]
    banners += source.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(16).map {
      Array($0)
    }
    for banner in banners { VerdictCheck.agree(matchers, on: banner) }
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzRules.test(data, size) }

FuzzDriver.run(testOneInput)
