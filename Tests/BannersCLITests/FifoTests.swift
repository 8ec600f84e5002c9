import BannersTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 12, item 6: a corpus that is a FIFO no writer has opened yet. The first Ctrl-C
/// must stop the command (before the fix it sat in `open` and only printed
/// "stopping..."), and a writer that comes later must still be read to the end.
@Suite struct FifoTests {
  struct Started {
    var process: Process
    var directory: URL
    var fifo: String
  }

  func start(_ arguments: (String) -> [String]) throws -> Started {
    let directory = try makeScratchDirectory()
    let fifo = directory.appendingPathComponent("corpus.fifo").path
    try #require(mkfifo(fifo, 0o600) == 0)
    let process = Process()
    process.executableURL = bannersExecutable
    process.arguments = arguments(fifo)
    process.currentDirectoryURL = packageRoot
    process.standardInput = FileHandle.nullDevice
    for name in ["stdout", "stderr"] {
      #expect(
        FileManager.default.createFile(
          atPath: directory.appendingPathComponent(name).path, contents: nil))
    }
    process.standardOutput = try FileHandle(
      forWritingTo: directory.appendingPathComponent("stdout"))
    process.standardError = try FileHandle(
      forWritingTo: directory.appendingPathComponent("stderr"))
    try process.run()
    return Started(process: process, directory: directory, fifo: fifo)
  }

  func text(_ started: Started, _ name: String) -> String {
    (try? String(contentsOf: started.directory.appendingPathComponent(name), encoding: .utf8))
      ?? ""
  }

  /// True once the process handles SIGINT itself (it ignores the signal and watches it
  /// with a dispatch source: `SigIgn` or `SigCgt` in /proc/PID/status) and is asleep,
  /// i.e. waiting.
  func isWaitingWithSignalsWatched(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
      return false
    }
    let fields = Dictionary(
      status.split(separator: "\n").compactMap { line -> (String, String)? in
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
      }, uniquingKeysWith: { first, _ in first })
    guard let ignored = fields["SigIgn"].flatMap({ UInt64($0, radix: 16) }),
      let caught = fields["SigCgt"].flatMap({ UInt64($0, radix: 16) }),
      let state = fields["State"]
    else { return false }
    // libdispatch may install its own handler over SIG_IGN: caught or ignored.
    return (ignored | caught) & (1 << (UInt64(SIGINT) - 1)) != 0 && state.hasPrefix("S")
  }

  /// Waits, blocking, until `condition` holds or the process ends (the bound only keeps
  /// a broken build from hanging the suite).
  func wait(_ process: Process, until condition: () -> Bool) {
    for _ in 0..<3000 where !condition() && process.isRunning { usleep(10_000) }
  }

  @Test(arguments: [
    ["classify", "--tally", "rules/smtp-1998.rules"],
    ["report", "rules/smtp-1998.rules"],
  ])
  func firstInterruptStopsACommandWaitingForAFIFOWriter(_ command: [String]) throws {
    let started = try start { command + [$0] }
    defer { try? FileManager.default.removeItem(at: started.directory) }
    wait(started.process) { isWaitingWithSignalsWatched(started.process.processIdentifier) }
    #expect(started.process.isRunning)
    kill(started.process.processIdentifier, SIGINT)
    wait(started.process) { false }
    if started.process.isRunning {
      kill(started.process.processIdentifier, SIGKILL)
      Issue.record("the first SIGINT did not stop the command; stderr: \(text(started, "stderr"))")
    }
    started.process.waitUntilExit()
    #expect(started.process.terminationReason == .exit)
    #expect(started.process.terminationStatus == 128 + SIGINT)
    #expect(text(started, "stderr").contains("interrupted after 0 record(s)"))
  }

  /// The FIFO is opened without blocking; that must not turn "no writer yet" into an
  /// empty corpus: a writer that comes after the command started is read to the end.
  @Test func aWriterThatComesLaterIsReadToTheEnd() throws {
    let started = try start { ["classify", "--tally", "rules/smtp-1998.rules", $0] }
    defer { try? FileManager.default.removeItem(at: started.directory) }
    wait(started.process) { isWaitingWithSignalsWatched(started.process.processIdentifier) }
    let corpus = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl"))
    let writer = try #require(FileHandle(forWritingAtPath: started.fifo))
    try writer.write(contentsOf: corpus)
    try writer.close()
    started.process.waitUntilExit()
    #expect(started.process.terminationStatus == 0, "\(text(started, "stderr"))")
    #expect(text(started, "stdout").contains("212 records"))
  }
}
