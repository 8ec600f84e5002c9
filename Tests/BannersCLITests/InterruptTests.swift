import BannersTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C during an offline command stops it at a record boundary: what was read is
/// counted and printed whole, the exit status is 128 + signal, and stderr says so.
///
/// The corpus comes through a pipe the test holds, so the signal arrives while the
/// command waits for input, whatever the speed of the machine.
@Suite struct InterruptTests {
  struct Interrupted {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  func records(_ range: Range<Int>) -> Data {
    var text = ""
    for index in range {
      text +=
        "{\"addr\":\"198.51.\(index / 250 % 250).\(index % 250)\",\"port\":\(25 + index / 62_500),\"outcome\":\"ok\",\"banner\":\"220 mx\(index) ESMTP Sendmail 8.8.8\\r\\n\"}\n"
    }
    return Data(text.utf8)
  }

  /// Runs `banners arguments` on stdin: 5,000 records, then SIGINT while the command
  /// waits for more on the open, quiet pipe.
  func interrupt(
    _ arguments: [String], readyWhenStdoutHas lines: Int? = nil,
    environment: [String: String] = [:]
  ) throws -> Interrupted {
    let directory = try makeScratchDirectory()
    let outURL = directory.appendingPathComponent("stdout")
    let errURL = directory.appendingPathComponent("stderr")
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let input = Pipe()
    let process = Process()
    process.executableURL = bannersExecutable
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardInput = input
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    // Should the command end early, a write to the pipe fails with EPIPE, which must
    // not kill the test process.
    signal(SIGPIPE, SIG_IGN)
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: records(0..<5000))
    // Wait until the command has read what there is and waits for more: seen in its
    // output when it prints per record, else in the pipe (empty) and in the process's
    // signal mask (SIGINT handled, so the signal cannot kill it before it is ready).
    if let lines {
      waitUntil("\(lines) lines on stdout") {
        contents(of: outURL).filter({ $0 == "\n" }).count >= lines
      }
    } else {
      let descriptor = input.fileHandleForWriting.fileDescriptor
      waitUntil("the command to read the pipe and catch SIGINT") {
        Self.bytesInPipe(descriptor) == 0 && Self.handlesSIGINT(process.processIdentifier)
      }
    }
    kill(process.processIdentifier, SIGINT)
    // The input stays open and quiet: the command must end by itself.
    let endedByItself = waitUntil("the command to end by itself") { !process.isRunning }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(endedByItself, "stopped without waiting for the end of the input")
    return Interrupted(
      status: process.terminationStatus,
      stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8))
  }

  /// Bytes written to a pipe and not yet read (FIONREAD works on either end on Linux).
  static func bytesInPipe(_ descriptor: Int32) -> Int32 {
    var count: Int32 = 0
    return ioctl(descriptor, UInt(FIONREAD), &count) == 0 ? count : -1
  }

  /// True once process `pid` handles SIGINT itself, as `InterruptWatch` makes it (the
  /// runtime leaves SIGINT alone): /proc/PID/status, masks `SigIgn` and `SigCgt`.
  static func handlesSIGINT(_ pid: Int32) -> Bool {
    let bit = UInt64(1) << (UInt64(SIGINT) - 1)
    let status = contents(of: URL(fileURLWithPath: "/proc/\(pid)/status"))
    return status.split(separator: "\n").contains { line in
      guard line.hasPrefix("SigIgn:") || line.hasPrefix("SigCgt:"),
        let mask = UInt64(line.drop { $0 != "\t" }.dropFirst(), radix: 16)
      else { return false }
      return mask & bit != 0
    }
  }

  /// The record count the command reports on stderr.
  func reportedCount(_ stderr: String) throws -> Int {
    let marker = try #require(stderr.range(of: "interrupted after "))
    return try #require(Int(stderr[marker.upperBound...].prefix { $0.isNumber }))
  }

  @Test func classifyPrintsEveryRecordReadWholeAndExits130() throws {
    let run = try interrupt(
      ["classify", "-j", "2", "rules/smtp-1998.rules", "-"], readyWhenStdoutHas: 5000)
    #expect(run.status == 128 + SIGINT)
    #expect(run.stderr.contains("stopping after the records read so far"))
    let count = try reportedCount(run.stderr)
    #expect(count == 5000, "every record read, none after the signal")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == count + 1 && lines.last == "", "every line whole")
    #expect(lines.dropLast().allSatisfy { $0.hasSuffix("\tok\tsendmail") })
  }

  @Test func tallyCountsTheRecordsReadAndExits130() throws {
    let run = try interrupt(["classify", "--tally", "rules/smtp-1998.rules", "-"])
    #expect(run.status == 128 + SIGINT)
    let count = try reportedCount(run.stderr)
    #expect(count <= 5000)
    #expect(run.stdout.contains("\(count) records: \(count) successful connections, 0 failures"))
  }

  @Test func testComparesNothingWhenInterrupted() throws {
    let snapshot = try makeScratchDirectory().appendingPathComponent("s.snapshot").path
    let run = try interrupt([
      "test", "rules/smtp-1998.rules", "-", "--expect", snapshot, "--update",
    ])
    #expect(run.status == 128 + SIGINT)
    #expect(run.stderr.contains("the snapshot is unchanged"))
    #expect(!FileManager.default.fileExists(atPath: snapshot))
  }

  /// Past its memory `test` sorts in scratch files in $TMPDIR: Ctrl-C still counts the
  /// records read, compares or writes nothing, and leaves no file there.
  @Test(arguments: [false, true])
  func testSortingOnDiskStopsCleanly(update: Bool) throws {
    let scratch = try makeScratchDirectory()
    let output = try makeScratchDirectory().appendingPathComponent("s.snapshot").path
    let snapshot = update ? output : "corpus/smtp-1998-sample.1998.snapshot"
    let run = try interrupt(
      ["test", "rules/smtp-1998.rules", "-", "--expect", snapshot] + (update ? ["--update"] : []),
      environment: ["BANNERS_SORT_MEMORY": "1000", "TMPDIR": scratch.path])
    #expect(run.status == 128 + SIGINT)
    #expect(try reportedCount(run.stderr) <= 5000)
    #expect(
      run.stderr.contains(update ? "the snapshot is unchanged" : "nothing compared"))
    #expect(run.stdout.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: output))
  }
}
