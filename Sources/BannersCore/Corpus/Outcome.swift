/// How probing one target ended: `ok` with a banner, or one of the posts' failure
/// reasons (`timed out`, `connection refused`, ...), or any other errno's name.
public enum Outcome: Sendable, Hashable, CustomStringConvertible {
  case ok
  case failed(String)

  /// The failure reasons of the posts, in the order of their 1997 table.
  public static let surveyReasons = [
    "timed out", "host unreachable", "connection refused", "network unreachable",
    "protocol not available", "immediate disconnect", "machine not on network",
  ]

  public init(_ text: String) {
    self = text == "ok" ? .ok : .failed(text)
  }

  public var description: String {
    switch self {
    case .ok: "ok"
    case .failed(let reason): reason
    }
  }
}
