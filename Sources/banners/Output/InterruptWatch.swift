import ArgumentParser
import BannersCore
import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place where the CLI hears SIGINT and SIGTERM. Two stages, so that a person
/// who presses Ctrl-C gets a clean stop first and a quick one if they insist:
///
/// - the first signal raises `stop`, the scan's one stop signal, and calls `onStop`:
///   an offline command (`classify`, `report`, `diff`, `test`) stops at the next
///   record boundary, so everything read so far is counted and printed whole (no half
///   line in a redirected file), and a command blocked on a quiet pipe notices within a
///   tenth of a second; `record` starts no new target and lets those in flight finish;
/// - a second signal calls `onInterrupt`, or, when there is none, ends the process at
///   once (status 128 + signal). `record` then records its targets in flight as
///   "interrupted" and ends.
///
/// The command ends with status 128 + the first signal (`exitIfInterrupted`), as a
/// shell reports a process the signal killed.
final class InterruptWatch: Sendable {
  let stop = StopSignal()
  private let signalNumber = Atomic<Int32>(0)
  private let count = Atomic<Int>(0)
  private let queue = DispatchQueue(label: "banners.interrupt")
  // Kept alive (and so the handlers) as long as the watch.
  nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

  /// - Parameters:
  ///   - stopping: said on stderr at the first signal.
  ///   - onStop: called at the first signal.
  ///   - onInterrupt: called at the second and later signals; nil ends the process.
  init(
    stopping: String = "stopping after the records read so far (signal again to quit at once)",
    onStop: @escaping @Sendable () -> Void = {},
    onInterrupt: (@Sendable () -> Void)? = nil
  ) {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [unowned self] in
        if self.count.add(1, ordering: .relaxed).newValue == 1 {
          self.signalNumber.store(number, ordering: .relaxed)
          // Asked before it is said: whoever reads the line may rely on the stop
          // being under way (the record tests release held targets then).
          self.stop.raise()
          onStop()
          StandardError.write("\nbanners: \(stopping)\n")
        } else if let onInterrupt {
          onInterrupt()
        } else {
          _exit(128 + number)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  /// The first signal received, or nil; cheap enough to ask per record.
  var received: Int32? {
    let number = signalNumber.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  /// Ends an interrupted run after its output is flushed: a note on stderr, then
  /// status 128 + signal, as a shell reports a process the signal killed.
  func exitIfInterrupted(
    records: Int, outcome: String = "the output covers them, each line whole"
  ) throws {
    guard let number = received else { return }
    StandardError.write("banners: interrupted after \(records) record(s); \(outcome)\n")
    throw ExitCode(128 + number)
  }
}
