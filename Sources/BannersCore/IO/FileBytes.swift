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
