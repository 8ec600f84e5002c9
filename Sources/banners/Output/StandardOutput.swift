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

  func write(bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= capacity { flush() }
  }

  func flush() {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes {
        Glibc.write(1, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        if errno == EPIPE { exit(0) }
        StandardError.write(
          "banners: error: cannot write to standard output: \(String(cString: strerror(errno)))\n")
        exit(2)
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  static var isTerminal: Bool { isatty(1) == 1 }
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
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes {
        Glibc.write(2, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }

  static var isTerminal: Bool { isatty(2) == 1 }
}
extension StandardOutput: TextSink {}
