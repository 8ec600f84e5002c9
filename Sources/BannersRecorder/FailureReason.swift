#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a probe got no banner, in the words of the posts: the errno of the failed
/// system call mapped to the phrase the 1997 and 1998 tables use.
///
///     FailureReason(errno: ETIMEDOUT).text      // "timed out"
///     FailureReason(errno: ECONNREFUSED).text   // "connection refused"
///     FailureReason(errno: ECONNRESET).text     // "ECONNRESET"
///
/// Any errno the posts do not name keeps its symbolic name, so nothing is folded into
/// a reason it is not; the errno itself is kept alongside for diagnostics.
public struct FailureReason: Sendable, Hashable, CustomStringConvertible {
  /// The text written as the record's `outcome`.
  public var text: String
  /// The errno behind it, when there was one (`immediate disconnect` has none).
  public var errno: Int32?

  /// The posts' reason for `errno`, or the errno's symbolic name.
  public init(errno: Int32) {
    self.errno = errno
    self.text = Self.postsPhrase[errno] ?? Self.symbolicName(errno)
  }

  private init(text: String, errno: Int32?) {
    self.text = text
    self.errno = errno
  }

  /// No greeting within the read timeout (the posts count it with connect timeouts).
  public static let timedOut = FailureReason(errno: ETIMEDOUT)
  /// The peer closed the connection before sending a single byte.
  public static let immediateDisconnect = FailureReason(text: "immediate disconnect", errno: nil)
  /// The run was stopped (a second SIGINT or SIGTERM) while this target was in flight.
  public static let interrupted = FailureReason(text: "interrupted", errno: EINTR)

  public var description: String { text }

  /// The seven reasons of the 1997 and 1998 posts' failure tables, keyed by the errno
  /// each stands for (the posts' `immediate disconnect` is an EOF, not an errno).
  private static let postsPhrase: [Int32: String] = [
    ETIMEDOUT: "timed out",
    EHOSTUNREACH: "host unreachable",
    ECONNREFUSED: "connection refused",
    ENETUNREACH: "network unreachable",
    ENOPROTOOPT: "protocol not available",
    ENONET: "machine not on network",
  ]

  /// `ECONNRESET` for 104 on Linux: the names a survey author can look up, rather than
  /// strerror's locale-dependent sentences.
  static func symbolicName(_ code: Int32) -> String {
    symbolicNames[code] ?? "errno \(code)"
  }

  private static let symbolicNames: [Int32: String] = {
    var names: [Int32: String] = [:]
    let known: [(Int32, String)] = [
      (EPERM, "EPERM"), (ENOENT, "ENOENT"), (EINTR, "EINTR"), (EIO, "EIO"), (EBADF, "EBADF"),
      (EAGAIN, "EAGAIN"), (ENOMEM, "ENOMEM"), (EACCES, "EACCES"), (EFAULT, "EFAULT"),
      (EBUSY, "EBUSY"), (EINVAL, "EINVAL"), (ENFILE, "ENFILE"), (EMFILE, "EMFILE"),
      (ENOSPC, "ENOSPC"), (EPIPE, "EPIPE"), (ENONET, "ENONET"), (EPROTO, "EPROTO"),
      (ENOTSOCK, "ENOTSOCK"), (EDESTADDRREQ, "EDESTADDRREQ"), (EMSGSIZE, "EMSGSIZE"),
      (EPROTOTYPE, "EPROTOTYPE"), (ENOPROTOOPT, "ENOPROTOOPT"),
      (EPROTONOSUPPORT, "EPROTONOSUPPORT"),
      (EOPNOTSUPP, "EOPNOTSUPP"), (EAFNOSUPPORT, "EAFNOSUPPORT"), (EADDRINUSE, "EADDRINUSE"),
      (EADDRNOTAVAIL, "EADDRNOTAVAIL"), (ENETDOWN, "ENETDOWN"), (ENETUNREACH, "ENETUNREACH"),
      (ENETRESET, "ENETRESET"), (ECONNABORTED, "ECONNABORTED"), (ECONNRESET, "ECONNRESET"),
      (ENOBUFS, "ENOBUFS"), (EISCONN, "EISCONN"), (ENOTCONN, "ENOTCONN"), (ESHUTDOWN, "ESHUTDOWN"),
      (ETIMEDOUT, "ETIMEDOUT"), (ECONNREFUSED, "ECONNREFUSED"), (EHOSTDOWN, "EHOSTDOWN"),
      (EHOSTUNREACH, "EHOSTUNREACH"), (EALREADY, "EALREADY"), (EINPROGRESS, "EINPROGRESS"),
    ]
    for (code, name) in known where names[code] == nil { names[code] = name }
    return names
  }()
}
