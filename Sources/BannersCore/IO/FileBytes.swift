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
  /// Replaces the file at `path` with `bytes`: written to a temporary file beside it
  /// (`path.tmp-PID`, in the same directory, since a rename across file systems is not
  /// atomic), then renamed over it, so an interrupted or failed write leaves the old
  /// file, never half a new one. The writes go through `OutputDescriptor`.
  ///
  /// - Throws: `SystemError` with the errno of the call that failed (`open`, `write`,
  ///   `close`, `rename`); the temporary file is removed.
  public static func replace(_ path: String, with bytes: [UInt8]) throws(SystemError) {
    let temporary = path + ".tmp-\(getpid())"
    do throws(WriteError) {
      let output = try OutputDescriptor.truncating(temporary)
      do throws(WriteError) {
        try output.write(bytes)
      } catch {
        try? output.close()
        throw error
      }
      try output.close()
    } catch {
      unlink(temporary)
      switch error {
      case .brokenPipe: throw SystemError(errno: EPIPE, operation: "write")
      case .system(let error): throw error
      }
    }
    guard rename(temporary, path) == 0 else {
      let error = SystemError(errno: errno, operation: "rename")
      unlink(temporary)
      throw error
    }
  }
}
