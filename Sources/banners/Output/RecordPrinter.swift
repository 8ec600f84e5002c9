import ArgumentParser
import BannersCore
import BannersRecorder

/// The lines `banners record` says on stderr about its run (the tables are
/// `TallyPrinter`'s; the progress line is `RecordProgress`).
enum RecordPrinter {
  /// `banners: recorded 40 target(s) in 1.2 s (33/s) to out.jsonl; 9 excluded`.
  static func summary(_ status: RecorderStatus, output: String?) -> String {
    let rate =
      status.elapsed > 0 ? Int(Double(status.recorded) / status.elapsed) : status.recorded
    var line =
      "banners: recorded \(status.recorded) target(s) in \(String(format1: status.elapsed)) s (\(rate)/s)"
    if let output { line += " to \(TerminalSafe.escapeControls(output))" }
    if status.excluded > 0 { line += "; \(status.excluded) excluded" }
    if status.alreadyRecorded > 0 { line += "; \(status.alreadyRecorded) already recorded" }
    return line
  }

  /// Said when `--resume` found the output ending in a partial line and cut it.
  static func cutNote(_ recording: Recording) -> String {
    "banners: \(TerminalSafe.escapeControls(recording.request.output)): cut a partial last line (\(recording.cutBytes) bytes) left by a killed run\n"
  }

  /// Prints why the recording could not start; the status to exit with (2).
  static func exit(for error: RecordingError) -> ExitCode {
    switch error {
    case .input(let error):
      return exitWithInputError(error)
    case .cannotOpenOutput(let path, let error):
      StandardError.write(
        "banners: error: cannot open \(TerminalSafe.escapeControls(path)): \(error)\n")
      return ExitCode(2)
    }
  }
}

extension String {
  /// `value` with one decimal.
  init(format1 value: Double) {
    let tenths = Int((value * 10).rounded())
    self = "\(tenths / 10).\(tenths % 10)"
  }
}
