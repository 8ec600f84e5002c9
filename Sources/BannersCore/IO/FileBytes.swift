#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads, for small inputs such as rule files and snapshots. Corpora are
/// streamed with `LineReader` instead.
public enum FileBytes {
  /// The bytes of the file at `path`; `-` reads standard input.
  public static func read(_ path: String) throws(SystemError) -> [UInt8] {
    let reader = try LineReader(path: path)
    var bytes: [UInt8] = []
    while let chunk = try reader.readChunk() { bytes += chunk }
    return bytes
  }
}

extension FileBytes {
  /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so
  /// an interrupted write never leaves half a file.
  public static func write(_ bytes: [UInt8], to path: String) throws(SystemError) {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw SystemError(errno: errno, operation: "open") }
    var offset = 0
    var failure: Int32?
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 {
        failure = errno
        break
      }
      offset += written
    }
    if close(descriptor) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporary, path) != 0 { failure = errno }
    if let failure {
      unlink(temporary)
      throw SystemError(errno: failure, operation: "write")
    }
  }
}
