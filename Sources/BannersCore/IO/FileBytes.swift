#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads, for small inputs such as rule files and snapshots. Corpora are
/// streamed with `LineReader` instead.
///
/// Every read has a bound: `/dev/zero`, a FIFO fed by `yes`, or a corpus named by
/// mistake where a rule file belongs ends with an error after `limit` bytes instead of
/// taking the machine's memory.
public enum FileBytes {
  /// The bound for rule files: 64 MiB is over ten times the largest list tested
  /// (100,000 rules, about 5 MB).
  public static let ruleFileLimit = 64 << 20

  /// The bound for snapshots: 256 MiB holds about seven million records (a snapshot
  /// line is ~35 bytes), all of which `banners test` holds in memory anyway.
  public static let snapshotLimit = 256 << 20

  /// The bound for `merge` inputs (`classify --tally --json` outputs: a few KiB each).
  public static let tallyLimit = 64 << 20

  /// The bytes of the file at `path`; `-` reads standard input.
  ///
  /// - Throws: `SystemError` when it cannot be read, or (EFBIG, "longer than N bytes")
  ///   as soon as more than `limit` bytes have come, without reading on.
  public static func read(_ path: String, limit: Int) throws(SystemError) -> [UInt8] {
    let reader = try LineReader(path: path)
    var bytes: [UInt8] = []
    while let chunk = try reader.readChunk() {
      guard chunk.count <= limit - bytes.count else {
        throw SystemError(
          errno: EFBIG, operation: "read", message: "longer than \(limit) bytes")
      }
      bytes += chunk
    }
    return bytes
  }
}

extension FileBytes {
  /// Replaces the file at `path` with `bytes`: written to a temporary file beside it,
  /// then renamed over it, so an interrupted write never leaves half a file.
  public static func replace(_ path: String, with bytes: [UInt8]) throws(SystemError) {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw SystemError(errno: errno, operation: "open") }
    var failure: SystemError?
    var offset = 0
    while failure == nil, offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        write(descriptor, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      if written < 0 {
        failure = SystemError(errno: errno, operation: "write")
      } else {
        offset += written
      }
    }
    if close(descriptor) != 0, failure == nil {
      failure = SystemError(errno: errno, operation: "close")
    }
    if failure == nil, rename(temporary, path) != 0 {
      failure = SystemError(errno: errno, operation: "rename")
    }
    if let failure {
      unlink(temporary)
      throw failure
    }
  }
}
