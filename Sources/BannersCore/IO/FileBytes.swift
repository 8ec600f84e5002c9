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

  /// The bound for snapshots (read line by line, not whole): 4 GiB holds about a
  /// hundred million records (a snapshot line is ~35 bytes); `banners test` holds one
  /// of up to 32 MiB and reads a larger one from its file as it merges.
  public static let snapshotLimit = 4 << 30

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
  /// Replaces the file at `path` with `bytes`: written to a temporary file beside it
  /// (`path.tmp-PID`, in the same directory, since a rename across file systems is not
  /// atomic), then renamed over it, so an interrupted or failed write leaves the old
  /// file, never half a new one. The writes go through `OutputDescriptor`.
  ///
  /// - Throws: `SystemError` with the errno of the call that failed (`open`, `write`,
  ///   `close`, `rename`); the temporary file is removed.
  public static func replace(_ path: String, with bytes: [UInt8]) throws(SystemError) {
    try replace(path, chunks: CollectionOfOne(bytes))
  }

  /// `replace(_:with:)` for a file written a chunk at a time, so that it never has to
  /// be in memory whole (a snapshot of ten million records is 400 MB).
  public static func replace(_ path: String, chunks: some Sequence<[UInt8]>)
    throws(SystemError)
  {
    try replace(path) { (write) throws(WriteError) in
      for chunk in chunks { try write(chunk) }
    }
  }

  /// `replace(_:with:)` for a file whose chunks `produce` hands to `write` one at a time,
  /// and which may fail on its own (a sorted run that cannot be read): then the old
  /// file stays as it was.
  public static func replace(
    _ path: String,
    writing produce: (_ write: ([UInt8]) throws(WriteError) -> Void) throws(WriteError) -> Void
  ) throws(SystemError) {
    let temporary = path + ".tmp-\(getpid())"
    do throws(WriteError) {
      let output = try OutputDescriptor.truncating(temporary)
      do throws(WriteError) {
        try produce { (chunk) throws(WriteError) in try output.write(chunk) }
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
