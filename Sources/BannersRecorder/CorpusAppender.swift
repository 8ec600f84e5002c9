import BannersCore

/// Appends corpus records to a file (or standard output), one `write` per record, so
/// each line is complete on disk as soon as its target is done: a run killed at any
/// moment leaves every finished record, and at worst one partial last line, which
/// `ResumeLog` cuts off before continuing.
public final class CorpusAppender {
  private let output: OutputDescriptor
  private let ownsDescriptor: Bool
  public let path: String

  /// Opens `path` for appending, creating it; `-` is standard output.
  public init(path: String) throws(WriteError) {
    self.path = path
    if path == "-" {
      output = .standardOutput
      ownsDescriptor = false
      return
    }
    output = try .appending(to: path)
    ownsDescriptor = true
  }

  deinit { if ownsDescriptor { try? output.close() } }

  /// Writes `record` as one JSON line.
  ///
  /// - Throws: `WriteError`: `.brokenPipe` when stdout's reader is gone, or the errno
  ///   (ENOSPC...).
  public func append(_ record: CorpusRecord) throws(WriteError) {
    var bytes = Array(record.jsonLine.utf8)
    bytes.append(0x0A)
    try output.write(bytes)
  }
}
