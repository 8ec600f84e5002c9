import ArgumentParser
import BannersCore
import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT and SIGTERM during an offline command (`classify`, `report`, `diff`,
/// `test`): the first asks the run to stop at the next record boundary, so everything
/// read so far is counted and printed whole (no half line in a redirected file), and
/// the command ends with status 128 + signal; a second ends the process at once.
///
/// The first signal raises `stop`, the scan's one stop signal: a command blocked on a
/// quiet pipe notices it within a tenth of a second.
final class InterruptWatch: Sendable {
  let stop = StopSignal()
  private let signalNumber = Atomic<Int32>(0)
  private let queue = DispatchQueue(label: "banners.interrupt")
  // Kept alive (and so the handlers) as long as the watch.
  nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

  init() {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [unowned self] in
        let (exchanged, _) = self.signalNumber.compareExchange(
          expected: 0, desired: number, ordering: .relaxed)
        guard exchanged else { _exit(128 + number) }
        self.stop.raise()
        StandardError.write(
          "\nbanners: stopping after the records read so far (signal again to quit at once)\n")
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
