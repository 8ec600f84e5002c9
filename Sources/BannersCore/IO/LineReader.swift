#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file (or standard input) line by line with a fixed buffer, so memory does
/// not grow with the file: a corpus of a million banners reads in constant space.
///
/// Lines are split on `\n` only and returned without it; a `\r` before it is kept
/// (plain-text banners escape theirs). NUL and any other byte pass through untouched.
/// A line longer than `maximumLineLength` is an error, not an allocation without bound:
/// the reader throws `LineTooLong` for it as soon as it is too long, and the next call
/// skips the rest of it (reading on to its newline in constant memory) and goes on with
/// the next line, so `--skip-bad` can skip it like any other bad line.
public final class LineReader {
  /// Thrown for a line over `maximumLineLength`; the reader is already past it.
  public struct LineTooLong: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var limit: Int
    public var description: String { "line is longer than \(limit) bytes" }
  }

  public let path: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private var buffer: [UInt8]
  private var start = 0
  private var end = 0
  private var atEOF = false
  public let maximumLineLength: Int
  /// Number of the line last returned, 1-based.
  public private(set) var lineNumber = 0
  /// Asked while waiting on a quiet pipe or terminal (every tenth of a second); when it
  /// says yes, the input ends there, as if its writer had closed it. This is how Ctrl-C
  /// reaches a command blocked on standard input.
  public var stopWaiting: (() -> Bool)?
  /// A regular file never makes a reader wait; pipes and terminals may.
  let isRegularFile: Bool
  /// A FIFO opened before any writer: until one has come, `read` would say end of
  /// input at once, so the first read waits in `poll` (where `stopWaiting` is asked).
  private var awaitingWriter = false
  /// True while the rest of an over-long line is read and dropped.
  private var discarding = false

  /// Opens `path`; `-` means standard input.
  public init(path: String, maximumLineLength: Int = 16 << 20) throws(SystemError) {
    self.path = path
    self.maximumLineLength = maximumLineLength
    let fd: Int32
    if path == "-" {
      fd = 0
      ownsDescriptor = false
    } else {
      // O_NONBLOCK: opening a FIFO without a writer would block in `open`, where no
      // signal reaches us (Ctrl-C is handled by a dispatch source, SIGINT ignored), so
      // the first Ctrl-C could not stop the command (issue 12). Reads block as usual
      // once the flag is cleared below.
      fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
      guard fd >= 0 else { throw SystemError(errno: errno, operation: "open") }
      ownsDescriptor = true
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }
    var info = stat()
    let kind = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
    awaitingWriter = ownsDescriptor && kind == S_IFIFO
    if kind == S_IFDIR {
      if ownsDescriptor { close(fd) }
      throw SystemError(errno: EISDIR, operation: "open")
    }
    descriptor = fd
    isRegularFile = kind == S_IFREG
    // The buffer comes with the first read, so opening a file only to check that it can
    // be opened costs no 256 KiB.
    buffer = []
  }

  deinit { if ownsDescriptor { close(descriptor) } }

  /// Calls `body` with the next line's bytes (valid only during the call) and returns
  /// its result, or returns nil at the end of the input. A last line without `\n` is still a line.
  public func withNextLine<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
    while true {
      if discarding {
        // The rest of an over-long line already reported: read on to its end.
        if let newline = findNewline() {
          start = newline + 1
          discarding = false
        } else if atEOF {
          start = end
          discarding = false
        } else {
          start = end
          scanned = end
          try fill()
        }
        continue
      }
      if let newline = findNewline() {
        if newline - start > maximumLineLength {
          start = newline + 1
          throw tooLong()
        }
        let result = try buffer.withUnsafeBufferPointer {
          try body(UnsafeBufferPointer(rebasing: $0[start..<newline]))
        }
        start = newline + 1
        lineNumber += 1
        return result
      }
      if atEOF {
        guard start < end else { return nil }
        if end - start > maximumLineLength {
          start = end
          throw tooLong()
        }
        let result = try buffer.withUnsafeBufferPointer {
          try body(UnsafeBufferPointer(rebasing: $0[start..<end]))
        }
        start = end
        lineNumber += 1
        return result
      }
      if end - start > maximumLineLength {
        // Reported at once, so a reader that stops at the error never waits for a
        // newline that may not come (/dev/zero); the next call skips the rest.
        discarding = true
        start = end
        scanned = end
        throw tooLong()
      }
      try fill()
    }
  }

  /// Hands the whole lines already in the buffer to `body`, up to `maximumCount`, without
  /// reading; returns how many. The batching reader's fast path: the reader's state is
  /// read and written once per call, not once per line (each access to a class's
  /// stored property is checked for exclusivity). A line over the length limit, a last
  /// line without `\n` and anything that needs a read are left to `withNextLine`.
  func takeBufferedLines(upTo maximumCount: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void)
    -> Int
  {
    guard !discarding, maximumCount > 0 else { return 0 }
    let limit = end
    let longest = maximumLineLength
    var position = start
    var taken = 0
    buffer.withUnsafeBufferPointer { pointer in
      guard let base = pointer.baseAddress else { return }
      while taken < maximumCount, position < limit,
        let hit = memchr(base + position, 0x0A, limit - position)
      {
        let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        guard newline - position <= longest else { break }
        body(UnsafeBufferPointer(start: base + position, count: newline - position))
        position = newline + 1
        taken += 1
      }
    }
    start = position
    lineNumber += taken
    return taken
  }

  /// Counts the over-long line and makes its error.
  private func tooLong() -> LineTooLong {
    lineNumber += 1
    return LineTooLong(line: lineNumber, limit: maximumLineLength)
  }

  /// True when the next line is not in the buffer and the input has nothing to read
  /// right now: a pipe or terminal whose writer is quiet. Never true for a regular file.
  /// Batching readers stop here, so a live stream (`banners record | banners classify
  /// -`) is handed on as it comes, not a few thousand lines late.
  public var wouldBlock: Bool {
    guard !isRegularFile, !atEOF, findNewline() == nil else { return false }
    var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&request, 1, 0) == 0
  }

  /// The next line as an array, or nil at the end.
  public func nextLine() throws -> [UInt8]? {
    try withNextLine { Array($0) }
  }

  /// The next raw chunk of the input (for whole-file reads), or nil at the end.
  func readChunk() throws(SystemError) -> ArraySlice<UInt8>? {
    if start < end {
      defer { start = end }
      return buffer[start..<end]
    }
    if atEOF { return nil }
    start = 0
    end = 0
    scanned = 0
    try fill()
    guard start < end else { return nil }
    defer { start = end }
    return buffer[start..<end]
  }

  private var scanned = 0

  private func findNewline() -> Int? {
    let from = max(start, scanned)
    let found = buffer.withUnsafeBufferPointer { pointer -> Int? in
      guard from < end, let base = pointer.baseAddress else { return nil }
      guard let hit = memchr(base + from, 0x0A, end - from) else { return nil }
      return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
    scanned = found ?? end  // found again by the next call until the line is taken
    return found
  }

  private func fill() throws(SystemError) {
    if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: 256 * 1024) }
    // Move the partial line to the front, growing the buffer only for a line longer
    // than it (up to the limit).
    if start > 0 {
      buffer.withUnsafeMutableBufferPointer { pointer in
        if end > start {
          _ = memmove(pointer.baseAddress!, pointer.baseAddress! + start, end - start)
        }
      }
      end -= start
      scanned -= start
      start = 0
    }
    if end == buffer.count {
      // `withNextLine` stops a line once it outgrows the limit, so the buffer never grows
      // past it.
      precondition(buffer.count <= maximumLineLength, "an over-long line is discarded")
      buffer.append(
        contentsOf: repeatElement(0, count: min(buffer.count, maximumLineLength + 1 - buffer.count))
      )
    }
    if awaitingWriter {
      // A byte (POLLIN) or a writer that came and went (POLLHUP) ends the wait; Linux
      // reports neither for a FIFO no writer has opened yet.
      var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      while true {
        let ready = poll(&request, 1, stopWaiting == nil ? -1 : 100)
        if ready > 0 { break }
        if ready < 0 && errno != EINTR { throw SystemError(errno: errno, operation: "poll") }
        if let stopWaiting, stopWaiting() {
          atEOF = true
          return
        }
      }
      awaitingWriter = false
    }
    if let stopWaiting, !isRegularFile {
      var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      while poll(&request, 1, 100) == 0 {
        if stopWaiting() {
          atEOF = true
          return
        }
      }
    }
    let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
      while true {
        let result = read(descriptor, pointer.baseAddress! + end, pointer.count - end)
        if result < 0 && errno == EINTR { continue }
        return result
      }
    }
    if count < 0 { throw SystemError(errno: errno, operation: "read") }
    if count == 0 { atEOF = true }
    end += count
  }
}
