#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Records written sorted to a `TemporaryFile` by `ExternalSorter`, each as it is held
/// in memory: `varint(key count) varint(value count) key value`.
struct SortedRun {
  let file: TemporaryFile
  /// Where the run starts in the file, and its bytes.
  let offset: Int
  let count: Int

  /// Reads the run's records in order with a buffer of `bufferSize` bytes (more for a
  /// record longer than that).
  func makeReader(bufferSize: Int = 256 << 10) -> SortedRunReader {
    SortedRunReader(self, bufferSize: bufferSize)
  }
}

/// One record at a time from a `SortedRun`; `key` and `value` are ranges of `buffer`,
/// valid until the next `next()`.
final class SortedRunReader {
  private let run: SortedRun
  /// Bytes of the run read so far.
  private var consumed = 0
  private(set) var buffer: [UInt8]
  /// `buffer[start..<end]` holds bytes read and not yet handed out.
  private var start = 0
  private var end = 0
  private(set) var record = 0..<0
  private(set) var key = 0..<0
  private(set) var value = 0..<0

  init(_ run: SortedRun, bufferSize: Int) {
    self.run = run
    self.buffer = [UInt8](repeating: 0, count: max(64, bufferSize))
  }

  /// Moves to the next record; false at the end of the run.
  ///
  /// - Throws: `SystemError` when the file cannot be read or ends inside a record.
  func next() throws(SystemError) -> Bool {
    start = record.upperBound
    while true {
      if let (keyCount, valueCount, header) = header(),
        end - start >= header + keyCount + valueCount
      {
        key = (start + header)..<(start + header + keyCount)
        value = key.upperBound..<(key.upperBound + valueCount)
        record = start..<value.upperBound
        return true
      }
      guard consumed < run.count else {
        guard start == end else {
          throw SystemError(
            errno: EIO, operation: "read",
            message:
              "a temporary file in \(TerminalSafe.escapeControls(run.file.directory)) ended inside a record"
          )
        }
        record = end..<end
        return false
      }
      try fill()
    }
  }

  /// Key count, value count and header length of the record at `start`, if the
  /// header is in the buffer.
  private func header() -> (Int, Int, Int)? {
    buffer.withUnsafeBufferPointer { bytes in
      let bytes = UnsafeBufferPointer(rebasing: bytes[..<end])
      var index = start
      guard let keyCount = VarInt.read(bytes, at: &index),
        let valueCount = VarInt.read(bytes, at: &index)
      else { return nil }
      return (Int(keyCount), Int(valueCount), index - start)
    }
  }

  /// Moves the unread bytes to the buffer's start (growing it when they fill it) and
  /// reads more after them.
  private func fill() throws(SystemError) {
    let pending = end - start
    if start > 0 {
      buffer.withUnsafeMutableBytes { bytes in
        _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, pending)
      }
      start = 0
      end = pending
      record = 0..<0
    }
    if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
    let wanted = min(buffer.count - end, run.count - consumed)
    var failure: SystemError?
    let got = buffer.withUnsafeMutableBytes { bytes in
      do throws(SystemError) {
        return try run.file.read(
          at: run.offset + consumed,
          into: UnsafeMutableRawBufferPointer(rebasing: bytes[end..<(end + wanted)]))
      } catch {
        failure = error
        return 0
      }
    }
    if let failure { throw failure }
    guard got == wanted else {
      throw SystemError(
        errno: EIO, operation: "read",
        message:
          "a temporary file in \(TerminalSafe.escapeControls(run.file.directory)) is shorter than written"
      )
    }
    consumed += got
    end += got
  }

  /// memcmp order of the keys, the shorter first when one is the other's prefix.
  func compareKey(with other: SortedRunReader) -> Int32 {
    buffer.withUnsafeBufferPointer { mine in
      other.buffer.withUnsafeBufferPointer { theirs in
        ExternalSorter.compare(
          UnsafeBufferPointer(rebasing: mine[key]), UnsafeBufferPointer(rebasing: theirs[other.key])
        )
      }
    }
  }
}
