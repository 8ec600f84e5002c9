import Synchronization

/// The one place a run is asked to stop (Ctrl-C, SIGTERM): whoever catches the signal
/// raises it, the scan asks it before each round and while a pipe is quiet, and stops
/// at a record boundary.
public final class StopSignal: Sendable {
  private let raised = Atomic<Bool>(false)

  public init() {}

  public func raise() { raised.store(true, ordering: .relaxed) }

  /// Cheap enough to ask per record.
  public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
