import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Appends corpus records to a file (or standard output), one `write` per record, so
/// each line is complete on disk as soon as its target is done: a run killed at any
/// moment leaves every finished record, and at worst one partial last line, which
/// `ResumeLog` cuts off before continuing.
public final class CorpusAppender {
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  public let path: String

  /// Opens `path` for appending, creating it; `-` is standard output.
  public init(path: String) throws(SystemError) {
    self.path = path
    if path == "-" {
      descriptor = 1
      ownsDescriptor = false
      return
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError(errno: errno, operation: "open") }
    descriptor = fd
    ownsDescriptor = true
  }

  deinit { if ownsDescriptor { close(descriptor) } }

  /// Writes `record` as one JSON line.
  ///
  /// - Throws: `SystemError` with the errno (ENOSPC, EPIPE...).
  public func append(_ record: CorpusRecord) throws(SystemError) {
    var bytes = Array(record.jsonLine.utf8)
    bytes.append(0x0A)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw SystemError(errno: errno, operation: "write")
      }
      offset += written
    }
  }
}
