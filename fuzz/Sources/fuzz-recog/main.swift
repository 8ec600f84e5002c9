import BannersCore
import FuzzSupport

/// A Recog XML file (`import recog`), read by libxml2 through `LibXML2SAX`: it parses
/// or names its error; every line it names is a line of the file; what parses imports
/// (`--approximate`, so every regex is translated) and gives its examples.
enum FuzzRecog {
  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    // libxml2 counts lines in the encoding it reads (UTF-16 has two bytes a newline),
    // so the bound is the number of bytes, not of 0x0A bytes.
    let lines = bytes.count + 1
    let file: RecogFingerprints
    do {
      file = try RecogFingerprints(parsing: bytes, file: "fuzz.xml")
    } catch {
      guard !error.diagnostics.isEmpty else { FuzzInput.fail("an error without a diagnostic") }
      for diagnostic in error.diagnostics where diagnostic.location.line > lines {
        FuzzInput.fail("an error at line \(diagnostic.location.line) of \(lines)")
      }
      _ = error.description
      return 0
    }
    for fingerprint in file.fingerprints where fingerprint.line > lines {
      FuzzInput.fail("a fingerprint at line \(fingerprint.line) of \(lines)")
    }
    let result = file.ruleImport(file: "fuzz.xml", approximate: true)
    _ = file.examples(keptBy: result)
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzRecog.test(data, size)
}

FuzzDriver.run(testOneInput)
