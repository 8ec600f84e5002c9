import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one funnel for every write of the project: standard output, standard error,
/// corpus files that `banners record` appends to, and whole files replaced atomically
/// (`FileBytes.replace`, the snapshot of `banners test --update`). Every byte leaves through `write(_:)`, so partial writes, EINTR and
/// EPIPE are handled once.
///
/// Built on swift-system's `FileDescriptor`, whose `writeAll` loops over partial writes
/// and retries on EINTR; this type adds what swift-system leaves to its callers: errors
/// as `WriteError` with EPIPE told apart, and the errno kept for the message.
public struct OutputDescriptor: Sendable {
  public let descriptor: FileDescriptor

  public init(_ descriptor: FileDescriptor) { self.descriptor = descriptor }

  public static let standardOutput = OutputDescriptor(.standardOutput)
  public static let standardError = OutputDescriptor(.standardError)

  /// Opens `path` for appending, creating it (mode 0644) if it does not exist.
  ///
  /// - Throws: `WriteError.system` with the errno of `open` (ENOENT, EACCES...).
  public static func appending(to path: String) throws(WriteError) -> OutputDescriptor {
    try open(path, options: [.append, .create, .closeOnExec])
  }

  /// Opens `path` for writing from its start, creating or emptying it (mode 0644).
  public static func truncating(_ path: String) throws(WriteError) -> OutputDescriptor {
    try open(path, options: [.truncate, .create, .closeOnExec])
  }

  private static func open(_ path: String, options: FileDescriptor.OpenOptions)
    throws(WriteError) -> OutputDescriptor
  {
    do {
      let descriptor = try FileDescriptor.open(
        FilePath(path), .writeOnly, options: options,
        permissions: [.ownerReadWrite, .groupRead, .otherRead])
      return OutputDescriptor(descriptor)
    } catch {
      throw Self.writeError(error, operation: "open")
    }
  }

  /// Writes every byte of `bytes`, however many `write` calls it takes.
  ///
  /// - Throws: `WriteError.brokenPipe` when the reader is gone (EPIPE; SIGPIPE must be
  ///   ignored for the call to return at all), `WriteError.system` for anything else.
  ///   Some bytes may have been written before the error.
  public func write(_ bytes: some Sequence<UInt8>) throws(WriteError) {
    do {
      try descriptor.writeAll(bytes)
    } catch {
      throw Self.writeError(error, operation: "write")
    }
  }

  /// Closes the descriptor; a late error (NFS, a full disk on close) is reported.
  public func close() throws(WriteError) {
    do {
      try descriptor.close()
    } catch {
      throw Self.writeError(error, operation: "close")
    }
  }

  /// True when the descriptor is a terminal (progress and colour only then).
  public var isTerminal: Bool { isatty(descriptor.rawValue) == 1 }

  static func writeError(_ error: any Error, operation: String) -> WriteError {
    let code = (error as? Errno)?.rawValue ?? EIO
    return code == EPIPE
      ? .brokenPipe : .system(SystemError(errno: code, operation: operation))
  }
}
