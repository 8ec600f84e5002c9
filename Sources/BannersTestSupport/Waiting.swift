import Foundation
import Testing

/// How long a wait may last before the test is declared hung. Not a deadline a test is
/// expected to meet on a slow machine: tests decide by events (a line in a file, a
/// connection at the emulator, a process ending), and this only keeps a broken build
/// from hanging the suite for ever.
public let hangGuard: Duration = .seconds(300)

/// Blocks until `condition` is true, looking every 10 ms.
///
/// Blocking, not `Task.sleep`: the work waited for runs in another process or on NIO's
/// threads, and other tests may hold every thread of the cooperative pool.
///
/// - Returns: true when the condition came true; false (and a recorded issue naming
///   `what`) when `hangGuard` passed first.
@discardableResult
public func waitUntil(
  _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
  _ condition: () throws -> Bool
) rethrows -> Bool {
  let clock = ContinuousClock()
  let end = clock.now + hangGuard
  while try !condition() {
    guard clock.now < end else {
      Issue.record(
        "still waiting, after \(hangGuard), for \(what())", sourceLocation: sourceLocation)
      return false
    }
    usleep(10_000)
  }
  return true
}

/// Waits for `process` to end by itself; a process still running after `hangGuard` is
/// killed (SIGKILL) and an issue recorded.
public func waitForExit(_ process: Process, sourceLocation: SourceLocation = #_sourceLocation) {
  if !waitUntil("the process to end", sourceLocation: sourceLocation, { !process.isRunning }) {
    kill(process.processIdentifier, SIGKILL)
  }
  process.waitUntilExit()
}

/// The text of the file at `url`, empty when it cannot be read (yet).
public func contents(of url: URL) -> String {
  (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}
