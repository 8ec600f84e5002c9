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
enum StandardError {
  static func write(_ text: String) {
    // Nowhere left to report a failure to write a report: dropped, as before.
    try? OutputDescriptor.standardError.write(text.utf8)
  }

  static var isTerminal: Bool { OutputDescriptor.standardError.isTerminal }
}
extension StandardOutput: TextSink {}
