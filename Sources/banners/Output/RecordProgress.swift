import BannersCore
import BannersRecorder

/// The progress line of `banners record` on stderr: done / total, rate, outcomes so far,
/// ETA. Drawn by the recorder's status callback a few times a second, only when stderr
/// is a terminal or `--progress` asks for it.
final class RecordProgress: @unchecked Sendable {
  // @unchecked Sendable: called only from the recorder's coordinator loop.
  private let enabled: Bool
  private let total: Int?
  private let skipped: Int
  private var shown = false

  init(enabled: Bool, total: Int?, skipped: Int) {
    self.enabled = enabled
    self.total = total
    self.skipped = skipped
  }

  func draw(_ status: RecorderStatus) {
    guard enabled else { return }
    let done = status.recorded + status.excluded + status.alreadyRecorded
    let rate = status.elapsed > 0 ? Double(status.recorded) / status.elapsed : 0
    var line = total.map { "\(done)/\($0)" } ?? "\(done)"
    line += " targets, \(Int(rate))/s, \(status.inFlight) in flight"
    let outcomes = status.outcomes.sorted { $0.value > $1.value }.prefix(4)
    for (outcome, count) in outcomes { line += ", \(count) \(outcome)" }
    if let total, rate > 0, total > done {
      let seconds = Int(Double(total - done) / rate)
      line += ", ETA \(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60)"
    }
    if StandardError.isTerminal {
      StandardError.redraw(line)
    } else {
      StandardError.write(line + "\n")
    }
    shown = true
  }

  func finish() {
    if shown && StandardError.isTerminal { StandardError.redraw("") }
    shown = false
  }
}
