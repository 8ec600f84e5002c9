/// How probing one target ended: `ok` with a banner, or one of the posts' failure
/// reasons (`timed out`, `connection refused`, ...), or any other errno's name.
public enum Outcome: Sendable, Hashable, CustomStringConvertible {
  case ok
  case failed(String)

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
