import BannersCore
import BannersRecorder
import FuzzSupport

/// A target list: each line parses or says why not; a parsed range holds its first and
/// last address and prints an address that parses back; the list reads as an exclude
/// set and as a target stream without a trap.
enum FuzzTargetList {
  static let input = ScratchFile(suffix: ".targets")

  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    for line in bytes.split(separator: 0x0A).prefix(64) {
      let text = String(decoding: line, as: UTF8.self)
      guard let range = try? TargetRange.parse(text) else { continue }
      guard range.first <= range.last, range.first.family == range.last.family else {
        FuzzInput.fail("line \(TerminalSafe.escape(text)) parses to an empty range")
      }
      guard IPAddress(range.first.description) == range.first else {
        FuzzInput.fail("address \(range.first) does not parse back")
      }
      _ = range.address(at: range.count - 1)
    }
    Self.input.write(bytes)
    if let set = try? AddressSet(contentsOf: Self.input.path), let probe = IPAddress("192.0.2.1") {
      _ = set.contains(probe)
    }
    var selection = TargetSelection()
    selection.shuffle = bytes.first.map { $0 & 1 == 1 } ?? false
    guard
      let targets = try? TargetIterator(
        path: Self.input.path, selection: selection, onBadLine: { _ in })
    else { return 0 }
    // A /0 block is 2^32 or 2^128 targets: the first few are enough.
    for _ in 0..<64 {
      guard targets.next() != nil else { break }
    }
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzTargetList.test(data, size)
}

FuzzDriver.run(testOneInput)
