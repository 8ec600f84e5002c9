#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What every fuzz target needs: the input as bytes, a file holding it for the readers
/// that only read files, and a failure libFuzzer records as a crash.
public enum FuzzInput {
  /// The input as an array (`data` may be a null pointer when `size` is 0).
  public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
  }

  /// Stops the run with `message` on stderr: libFuzzer saves the input as `crash-...`.
  /// For a broken invariant, as opposed to a trap the code hits by itself.
  public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line)
    -> Never
  {
    let text = Array("fuzz invariant broken at \(file):\(line): \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
  }
}

/// One file, reused for every input, for readers that take a path (`CorpusReader`,
/// target lists). It lives in `$TMPDIR` (or /tmp) and is removed at exit.
public final class ScratchFile: @unchecked Sendable {
  public let path: String
  private let descriptor: Int32

  /// The process's scratch file.
  public static let shared = ScratchFile(suffix: "")

  /// A scratch file whose name ends in `suffix` (corpus readers look at the name).
  public init(suffix: String) {
    let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(directory)/banners-fuzz-XXXXXX\(suffix)".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer {
      mkstemps($0.baseAddress!, Int32(suffix.utf8.count))
    }
    guard descriptor >= 0 else { FuzzInput.fail("cannot create a scratch file in \(directory)") }
    self.descriptor = descriptor
    self.path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    // No deinit runs for a static at exit; unlink now and read through /proc instead
    // would hide the name from the readers, so remove it in an atexit handler.
    ScratchFile.pathsToRemove.append(path)
    if ScratchFile.pathsToRemove.count == 1 { atexit { ScratchFile.removeAll() } }
  }

  /// Replaces the file's contents with `bytes`.
  public func write(_ bytes: [UInt8]) {
    guard ftruncate(descriptor, 0) == 0 else { FuzzInput.fail("ftruncate: \(errno)") }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        pwrite(descriptor, $0.baseAddress! + offset, bytes.count - offset, off_t(offset))
      }
      guard written > 0 else { FuzzInput.fail("pwrite: \(errno)") }
      offset += written
    }
  }

  nonisolated(unsafe) private static var pathsToRemove: [String] = []

  private static func removeAll() {
    for path in pathsToRemove { unlink(path) }
  }
}
