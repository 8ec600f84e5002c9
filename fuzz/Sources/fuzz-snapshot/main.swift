import BannersCore
import FuzzSupport

/// A snapshot file (`test --expect`): it parses or names its bad lines, and never holds
/// more entries than it has lines. (`Snapshot.text` takes records' raw identities and
/// escapes them, so a parsed snapshot is not expected to print back byte for byte.)
enum FuzzSnapshot {
  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let snapshot: Snapshot
    do {
      snapshot = try Snapshot(parsing: bytes, file: "fuzz.snapshot")
    } catch {
      guard !error.diagnostics.isEmpty else { FuzzInput.fail("an error without a diagnostic") }
      _ = error.description
      return 0
    }
    guard snapshot.entries.count <= bytes.count(where: { $0 == 0x0A }) + 1 else {
      FuzzInput.fail("\(snapshot.entries.count) entries from fewer lines")
    }
    _ = Snapshot.text(snapshot.entries.map { (identity: $0.key, entry: $0.value) })
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzSnapshot.test(data, size)
}

FuzzDriver.run(testOneInput)
