#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A write that did not complete. A reader that went away is its own case, because a
/// command treats it as the end of the run, not a failure: `banners classify ... | head`
/// exits 0 once `head` has its lines (ripgrep does the same).
public enum WriteError: Error, Sendable, CustomStringConvertible {
  /// The reading end of the pipe or socket is closed (EPIPE).
  case brokenPipe
  /// Any other failure (ENOSPC, EIO, EACCES on open...), with its errno.
  case system(SystemError)

  public var description: String {
    switch self {
    case .brokenPipe: SystemError(errno: EPIPE, operation: "write").description
    case .system(let error): error.description
    }
  }
}
