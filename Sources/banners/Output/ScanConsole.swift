import BannersCore

/// What a person sees while a command scans corpora: each skipped bad line on stderr
/// as it is met, a progress line on a terminal, and per-record output flushed after
/// every round so a live stream (`banners record | banners classify -`) shows as it
/// comes.
final class ScanConsole: ScanObserver {
  private let progress = Progress()
  private let flushesOutput: Bool
  /// False where the command says it in its own summary line (`convert`).
  private let reportsReplacementCharacters: Bool

  init(flushesOutput: Bool = false, reportsReplacementCharacters: Bool = true) {
    self.flushesOutput = flushesOutput
    self.reportsReplacementCharacters = reportsReplacementCharacters
  }

  func skipped(_ error: InputError) { printDiagnostics(error) }

  func roundAdded(records: Int, file: String) {
    progress.update(records: records, file: file)
    if flushesOutput { StandardOutput.shared.flush() }
  }

  /// Runs `scan` with this console watching, then clears the progress line and says
  /// what the summary holds. An input error ends the command: what was printed is
  /// flushed, the error goes to stderr, and the exit status is 2.
  func run(_ scan: (ScanConsole) throws(InputError) -> ScanSummary) throws -> ScanSummary {
    let summary: ScanSummary
    do {
      summary = try scan(self)
    } catch {
      finish()
      StandardOutput.shared.flush()
      throw exitWithInputError(error)
    }
    finish(summary)
    return summary
  }

  /// Clears the progress line; call before printing results.
  private func finish(_ summary: ScanSummary? = nil) {
    progress.finish()
    guard let summary else { return }
    if summary.badLines > 0 {
      StandardError.write(
        "banners: skipped \(summary.badLines) malformed corpus line(s) (--skip-bad)\n")
    }
    if summary.replacementCharacters > 0 && reportsReplacementCharacters {
      StandardError.write(
        "banners: note: \(summary.replacementCharacters) banner(s) hold U+FFFD: the scanner "
          + "replaced bytes that were not UTF-8, and rules cannot see those bytes\n")
    }
    if summary.records == 0 && !summary.stopped {
      StandardError.write("banners: note: the corpus holds no records\n")
    }
  }
}
