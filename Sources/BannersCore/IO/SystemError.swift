#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failed system call, keeping its errno: `cannot read corpus.jsonl: No such file or directory`.
public struct SystemError: Error, Sendable, CustomStringConvertible {
  public var errno: Int32
  public var operation: String

  /// Said instead of strerror's text when the errno alone would mislead.
  public var message: String?

  public init(errno: Int32, operation: String, message: String? = nil) {
    self.errno = errno
    self.operation = operation
    self.message = message
  }

  public var description: String { message ?? String(cString: strerror(errno)) }
}
