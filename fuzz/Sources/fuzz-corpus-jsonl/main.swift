import BannersCore
import FuzzSupport

/// A JSON Lines corpus: both readers (record by record, and batches for the parallel
/// scan) agree, and every record read writes back as a line that reads as the same
/// record.
enum FuzzCorpusJSONL {
  static let input = ScratchFile(suffix: ".jsonl")
  static let written = ScratchFile(suffix: ".jsonl")

  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Self.input.write(FuzzInput.bytes(data, size))
    let records = CorpusCheck.readersAgree(Self.input.path, format: .jsonl)
    guard !records.isEmpty else { return 0 }
    Self.written.write(Array(records.map { $0.jsonLine + "\n" }.joined().utf8))
    let reread = CorpusCheck.sequential(Self.written.path, format: .jsonl) ?? []
    // Written lines may pass the fuzzing line limit; only the ones read back are compared.
    for (index, outcome) in reread.enumerated() {
      guard case .success(var record) = outcome else { continue }
      record.source = records[index].source
      guard record == records[index] else {
        FuzzInput.fail(
          "record \(index) written as \(records[index].jsonLine) reads back as \(record)")
      }
    }
    return 0
  }
}

// The symbol libFuzzer looks for; the linker keeps libFuzzer's own main, which calls it,
// out of the way of SwiftPM's, so main runs the driver below with the same function.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzCorpusJSONL.test(data, size)
}

FuzzDriver.run(testOneInput)
