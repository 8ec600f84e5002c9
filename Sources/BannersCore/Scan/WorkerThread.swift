#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A thread of its own for a loop that waits (a scan's worker waits for batches), rather
/// than one of Dispatch's pool: the pool sizes itself to the cores and is meant for work
/// that does not block, so a worker parked there on a semaphore holds one of its few
/// threads, and a second scan's workers (report's second pass, tests scanning side by
/// side) would start only when the pool notices and adds threads.
final class WorkerThread {
  private let thread: pthread_t

  /// Starts `body` on a new thread; nil when the system refuses one (a limit on threads).
  init?(_ body: @escaping @Sendable () -> Void) {
    final class Body {
      let run: @Sendable () -> Void
      init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, nil,
      { context in
        Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        return nil
      }, context)
    guard status == 0 else {
      Unmanaged<Body>.fromOpaque(context).release()
      return nil
    }
    self.thread = thread
  }

  /// Waits for `body` to return.
  func join() { pthread_join(thread, nil) }
}
