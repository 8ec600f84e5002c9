#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A scratch file for sorting on disk: created in a directory (`ScratchFiles`, `$TMPDIR`
/// by default) and unlinked at once, so it never has a name there and the kernel frees
/// it when the descriptor closes, however the process ends (an error, Ctrl-C, the
/// second Ctrl-C's `_exit`, SIGKILL). Appended to through a buffer, read at any offset.
///
///     let file = try ScratchFiles().makeFile()
///     let offset = file.size
///     try file.append([1, 2, 3])
///     try file.flush()
///     try file.read(at: offset, count: 3)   // [1, 2, 3]
///
/// Every error names the directory, the place a full or unwritable disk is fixed.
final class TemporaryFile {
  /// The directory the file was made in, for messages.
  let directory: String
  private let descriptor: Int32
  private var pending: [UInt8] = []
  /// Bytes appended so far, those still buffered included: the offset of the next one.
  private(set) var size = 0

  private static let bufferSize = 1 << 20

  /// Makes an unnamed file in `directory`.
  ///
  /// - Throws: `SystemError` (`cannot create a temporary file in DIR: ...`).
  init(in directory: String) throws(SystemError) {
    var template = Array((directory + "/banners-sort-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw Self.error(errno, "create", in: directory)
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    self.descriptor = descriptor
    self.directory = directory
  }

  /// Wraps an open descriptor, owned from now on (tests: `/dev/full` is a full disk).
  init(descriptor: Int32, directory: String) {
    self.descriptor = descriptor
    self.directory = directory
  }

  deinit { close(descriptor) }

  func append(_ bytes: some Collection<UInt8>) throws(SystemError) {
    pending.append(contentsOf: bytes)
    size += bytes.count
    if pending.count >= Self.bufferSize { try flush() }
  }

  /// Writes what is buffered; `read` sees only what was flushed.
  func flush() throws(SystemError) {
    var written = 0
    while written < pending.count {
      let result = pending.withUnsafeBytes { bytes in
        pwrite(
          descriptor, bytes.baseAddress! + written, bytes.count - written,
          off_t(size - pending.count + written))
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw Self.error(errno, "write", in: directory)
      }
      written += result
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// Reads up to `buffer.count` bytes at `offset` into `buffer`; fewer only at the end.
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError)
    -> Int
  {
    var done = 0
    while done < buffer.count {
      let result = pread(
        descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if result < 0 {
        if errno == EINTR { continue }
        throw Self.error(errno, "read", in: directory)
      }
      if result == 0 { break }
      done += result
    }
    return done
  }

  /// `count` bytes at `offset` (fewer at the end of the file).
  func read(at offset: Int, count: Int) throws(SystemError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var failure: SystemError?
    let got = bytes.withUnsafeMutableBytes { buffer in
      do throws(SystemError) {
        return try read(at: offset, into: buffer)
      } catch {
        failure = error
        return 0
      }
    }
    if let failure { throw failure }
    bytes.removeLast(count - got)
    return bytes
  }

  private static func error(_ code: Int32, _ operation: String, in directory: String)
    -> SystemError
  {
    SystemError(
      errno: code, operation: operation,
      message:
        "cannot \(operation) a temporary file in \(TerminalSafe.escapeControls(directory)) "
        + "(TMPDIR names the directory): \(String(cString: strerror(code)))")
  }
}

/// Where `TemporaryFile`s are made: `$TMPDIR`, or `/tmp` without it.
public struct ScratchFiles: Sendable {
  public let directory: String
  private let make: @Sendable () throws(SystemError) -> TemporaryFile

  public init(directory: String = ScratchFiles.defaultDirectory) {
    self.directory = directory
    self.make = { () throws(SystemError) in try TemporaryFile(in: directory) }
  }

  /// Files from `make` instead (tests: a descriptor of `/dev/full`).
  init(directory: String, make: @escaping @Sendable () throws(SystemError) -> TemporaryFile) {
    self.directory = directory
    self.make = make
  }

  /// `$TMPDIR` when set and not empty, else `/tmp`.
  public static var defaultDirectory: String {
    guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
    return String(cString: value)
  }

  func makeFile() throws(SystemError) -> TemporaryFile { try make() }
}
