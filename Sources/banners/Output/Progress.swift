import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress display on stderr for long runs, redrawn at most a few times a
/// second, and only when stderr is a terminal (never into a log file).
final class Progress {
  private let enabled: Bool
  private let start = Progress.now()
  private var lastDraw = 0.0
  private var shown = false

  init(enabled: Bool = StandardError.isTerminal) { self.enabled = enabled }

  /// Cheap enough to call per record: checks the clock every 4096 calls.
  func update(records: Int, file: String) {
    guard enabled, records & 4095 == 0 else { return }
    let now = Progress.now()
    guard now - lastDraw >= 0.25 else { return }
    lastDraw = now
    let rate = Double(records) / max(now - start, 1e-9)
    StandardError.write(
      "\r\u{1B}[K\(records) records, \(Int(rate)) records/s  \(TerminalSafe.escape(file))")
    shown = true
  }

  func finish() {
    if shown { StandardError.write("\r\u{1B}[K") }
    shown = false
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
