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

  private var checkedAt = 0

  /// Cheap enough to call per record: looks at the clock only every 4096 records.
  func update(records: Int, file: String) {
    guard enabled, records - checkedAt >= 4096 else { return }
    checkedAt = records
    let now = Progress.now()
    guard now - lastDraw >= 0.25 else { return }
    lastDraw = now
    let rate = Double(records) / max(now - start, 1e-9)
    StandardError.redraw("\(records) records, \(Int(rate)) records/s  \(TerminalSafe.escape(file))")
    shown = true
  }

  func finish() {
    if shown { StandardError.redraw("") }
    shown = false
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
