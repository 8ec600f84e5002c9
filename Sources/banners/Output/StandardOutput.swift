import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Buffered stdout for results. A reader that goes away (EPIPE: `| head`) ends the run
/// with status 0, as ripgrep does; any other write error is reported and exits 2.
final class StandardOutput {
  nonisolated(unsafe) static let shared = StandardOutput()

  private var buffer: [UInt8] = []
  private let capacity = 64 * 1024

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= capacity { flush() }
  }

  func write(bytes: UnsafeBufferPointer<UInt8>) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= capacity { flush() }
  }

  func write(bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= capacity { flush() }
  }

  func flush() {
    do throws(WriteError) {
      try OutputDescriptor.standardOutput.write(buffer)
    } catch .brokenPipe {
      exit(0)
    } catch {
      StandardError.write("banners: error: cannot write to standard output: \(error)\n")
      exit(2)
    }
    buffer.removeAll(keepingCapacity: true)
  }

  static var isTerminal: Bool { OutputDescriptor.standardOutput.isTerminal }
}

/// Diagnostics, progress and human summaries go to stderr, unbuffered.
///
/// Every message passes `TerminalSafe.escapeControls` here, the one funnel to stderr:
/// a file name, a target line or a record identity quoted in a message can never put
/// a control (ESC, CR, C1, a bidi override) on the user's terminal, even where a
/// caller forgot to escape it. Only the progress line's own `\r ESC[K` bypass it.
enum StandardError {
  static func write(_ text: String) {
    writeRaw(TerminalSafe.escapeControls(text, keepingLineBreaks: true))
  }

  /// Clears the terminal's current line and writes `line` there (progress displays).
  static func redraw(_ line: String) {
    writeRaw("\r\u{1B}[K" + TerminalSafe.escapeControls(line))
  }

  private static func writeRaw(_ text: String) {
    // Nowhere left to report a failure to write a report: dropped, as before.
    try? OutputDescriptor.standardError.write(text.utf8)
  }

  static var isTerminal: Bool { OutputDescriptor.standardError.isTerminal }
}
extension StandardOutput: TextSink {}
