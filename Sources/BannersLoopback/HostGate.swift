import Synchronization

/// Holds emulated hosts silent until a test says so: a host behind a closed gate
/// accepts the connection and sends nothing; `open()` lets every held connection, and
/// every later one, go on with its behaviour.
///
/// This is how a test makes "the run is still going" an event, not a guess about the
/// machine's speed: targets behind a closed gate stay in flight for as long as the test
/// needs, and `arrivals` says when the recorder has reached them.
public final class HostGate: Sendable, Hashable {
  private struct State {
    var isOpen = false
    var arrivals = 0
    var waiting: [@Sendable () -> Void] = []
  }

  private let state = Mutex(State())

  public init() {}

  /// Connections that have reached the gate so far (held or let through).
  public var arrivals: Int { state.withLock { $0.arrivals } }

  public var isOpen: Bool { state.withLock { $0.isOpen } }

  /// Lets every held connection go on, and every later one pass at once.
  public func open() {
    let released = state.withLock { state in
      state.isOpen = true
      defer { state.waiting.removeAll() }
      return state.waiting
    }
    for release in released { release() }
  }

  /// Counts a connection and runs `release` when the gate is (or becomes) open.
  func arrive(_ release: @escaping @Sendable () -> Void) {
    let now = state.withLock { state in
      state.arrivals += 1
      if !state.isOpen { state.waiting.append(release) }
      return state.isOpen
    }
    if now { release() }
  }

  public static func == (lhs: HostGate, rhs: HostGate) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
