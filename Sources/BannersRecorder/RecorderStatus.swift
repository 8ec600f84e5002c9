/// Counts of a run so far, for the progress line and the end summary.
public struct RecorderStatus: Sendable {
  /// Records written.
  public var recorded = 0
  /// Targets skipped because `--exclude` covers them.
  public var excluded = 0
  /// Targets skipped because the output already has them (`--resume`).
  public var alreadyRecorded = 0
  public var inFlight = 0
  /// Records per outcome text (`ok`, `timed out`...).
  public var outcomes: [String: Int] = [:]
  /// Seconds since the run started.
  public var elapsed = 0.0
  /// True once `stop()` or `interrupt()` was called: no new targets start.
  public var stopping = false
}
