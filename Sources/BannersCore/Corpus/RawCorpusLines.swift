/// Consecutive lines of one corpus file as raw bytes in one buffer: the unit of work
/// that `ParallelCorpusScan` hands to its workers.
public struct RawCorpusLines: Sendable {
  public private(set) var file: String
  public internal(set) var format: CorpusFormat
  /// Line number of the first line in the file.
  public private(set) var firstLine: Int
  private var storage: [UInt8] = []
  private var ends: [Int] = []
  /// Lines the reader skipped as too long, by index, with their error.
  private var tooLong: [Int: InputError] = [:]

  init(file: String, format: CorpusFormat, firstLine: Int) {
    self.file = file
    self.format = format
    self.firstLine = firstLine
  }

  /// Empties the batch for the lines from `firstLine` of `file` on, keeping its memory:
  /// a reader reuses a batch once it is done, so reading a corpus touches the same pages
  /// again instead of fresh ones (each fresh page costs a fault and zeroing).
  mutating func reuse(file: String, format: CorpusFormat, firstLine: Int) {
    self.file = file
    self.format = format
    self.firstLine = firstLine
    storage.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    tooLong = [:]
  }

  public var count: Int { ends.count }

  /// The bytes held, for sizing the next batch.
  var byteCount: Int { storage.count }

  /// Room for `lines` lines of `bytes` bytes in all, so that appending them copies each
  /// line once instead of regrowing the buffer (and faulting in fresh pages) as it fills.
  mutating func reserveCapacity(lines: Int, bytes: Int) {
    storage.reserveCapacity(bytes)
    ends.reserveCapacity(lines)
  }

  mutating func append(_ line: UnsafeBufferPointer<UInt8>) {
    storage.append(contentsOf: line)
    ends.append(storage.count)
  }

  /// A line the reader skipped as too long: it keeps its place, and fails as a bad line.
  mutating func appendTooLong(_ error: InputError) {
    tooLong[ends.count] = error
    ends.append(storage.count)
  }

  /// Calls `body` with each line's index and bytes (valid during the call), in order,
  /// until it returns false. A line the reader skipped as too long comes with its error
  /// and no bytes.
  func forEachLine(
    _ body: (Int, Result<UnsafeBufferPointer<UInt8>, InputError>) -> Bool
  ) {
    storage.withUnsafeBufferPointer { buffer in
      var start = 0
      for index in ends.indices {
        let end = ends[index]
        defer { start = end }
        if !tooLong.isEmpty, let error = tooLong[index] {
          guard body(index, .failure(error)) else { return }
          continue
        }
        guard body(index, .success(UnsafeBufferPointer(rebasing: buffer[start..<end]))) else {
          return
        }
      }
    }
  }

  /// Where line `index` is, for its errors.
  func location(ofLine index: Int) -> SourceLocation {
    SourceLocation(file: file, line: firstLine + index)
  }

  /// Calls `body` with line `index`'s bytes as read (nil, without calling it, for a line
  /// the reader skipped as too long).
  func withRawLine<Result>(
    at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    if !tooLong.isEmpty, tooLong[index] != nil { return nil }
    let start = index == 0 ? 0 : ends[index - 1]
    return storage.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]]))
    }
  }

  /// Line `index` parsed as a record (nil for a blank JSONL line).
  public func record(at index: Int) throws(InputError) -> CorpusRecord? {
    if !tooLong.isEmpty, let error = tooLong[index] { throw error }
    let start = index == 0 ? 0 : ends[index - 1]
    let location = SourceLocation(file: file, line: firstLine + index)
    let format = format
    let result = storage.withUnsafeBufferPointer { buffer in
      Result { () throws(InputError) in
        try CorpusReader.parse(
          UnsafeBufferPointer(rebasing: buffer[start..<ends[index]]), format: format, at: location)
      }
    }
    return try result.get()
  }
}
