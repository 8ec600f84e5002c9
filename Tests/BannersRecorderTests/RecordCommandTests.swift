import BannersCore
import BannersLoopback
import BannersRecorder
import BannersTestSupport
import Foundation
import Testing

/// `banners record` end to end: the built binary against the loopback emulator.
@Suite struct RecordCommandTests {
  /// A small population: SMTP hosts, with every `silentEvery`-th one silent.
  static func hosts(block: Int, count: Int, silentEvery: Int = 0) -> [String: HostBehaviour] {
    var hosts: [String: HostBehaviour] = [:]
    for index in 0..<count {
      let address = "127.\(block).\(index / 250).\(index % 250 + 1)"
      hosts[address] =
        silentEvery > 0 && index % silentEvery == 0
        ? .silent
        : .smtp(
          "220 host\(index) ESMTP Sendmail 8.8.8\r\n", "214-Topics:\r\n214 End of HELP info\r\n")
    }
    return hosts
  }

  struct Survey {
    let server: LoopbackSMTPServer
    let directory: URL
    let targets: String
    let output: String
    let identities: Set<String>
  }

  /// Starts an emulator for `hosts` and writes their target list.
  static func survey(_ hosts: [String: HostBehaviour]) throws -> Survey {
    let server = try LoopbackSMTPServer(threads: 1) { hosts[$0] }
    let directory = try makeScratchDirectory()
    let targets = directory.appendingPathComponent("targets.txt").path
    try (hosts.keys.sorted().joined(separator: "\n") + "\n").write(
      toFile: targets, atomically: true, encoding: .utf8)
    return Survey(
      server: server, directory: directory, targets: targets,
      output: directory.appendingPathComponent("out.jsonl").path,
      identities: Set(hosts.keys.map { "\($0):\(server.port)" }))
  }

  /// The records of a corpus file; fails the test on a line that is not a record.
  static func records(_ path: String) throws -> [CorpusRecord] {
    let reader = try CorpusReader(path: path, format: .jsonl)
    var records: [CorpusRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  static func lineCount(_ path: String) -> Int {
    ((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()).reduce(0) {
      $0 + ($1 == 0x0A ? 1 : 0)
    }
  }

  /// Starts `banners` without waiting (for signal tests); output goes to files.
  static func start(_ arguments: [String], in directory: URL) throws -> Process {
    let process = Process()
    process.executableURL = bannersExecutable
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    process.standardInput = FileHandle.nullDevice
    FileManager.default.createFile(
      atPath: directory.appendingPathComponent("stderr").path, contents: nil)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr"))
    try process.run()
    return process
  }

  /// Waits (blocking, not with `Task.sleep`: other tests may hold every thread of the
  /// cooperative pool) until `path` has `count` lines or the process ends.
  static func waitForLines(_ path: String, atLeast count: Int, process: Process) {
    for _ in 0..<1000 where lineCount(path) < count && process.isRunning {
      usleep(10_000)
    }
  }

  /// A short read timeout keeps silent hosts cheap; tests that check exact outcomes
  /// pass a longer one, since a loaded machine can delay a greeting past 300 ms.
  func commonArguments(_ survey: Survey, readTimeout: String = "0.3") -> [String] {
    [
      "record", "--port", String(survey.server.port), "--connect-timeout", "2", "--read-timeout",
      readTimeout,
    ]
  }

  @Test func recordsEveryTargetOnceAndPrintsThePostsTables() throws {
    let survey = try Self.survey(Self.hosts(block: 10, count: 40, silentEvery: 10))
    defer { survey.server.shutdown() }
    let run = try runBanners(
      commonArguments(survey, readTimeout: "1") + [
        "--output", survey.output, "--rules", "rules/smtp-1998.rules", survey.targets,
      ])
    #expect(run.status == 0)
    #expect(run.stdout == "")
    #expect(run.stderr.contains("Here are the reasons for connection failures:\n    4 timed out\n"))
    #expect(run.stderr.contains("Here are the server software tallies:\n   36 sendmail\n"))
    #expect(run.stderr.contains("banners: recorded 40 target(s)"))
    let records = try Self.records(survey.output)
    #expect(Set(records.compactMap(\.target)) == survey.identities)
    #expect(records.count == 40)
  }

  @Test func withoutOutputTheCorpusGoesToStdout() throws {
    let survey = try Self.survey(Self.hosts(block: 11, count: 5))
    defer { survey.server.shutdown() }
    let run = try runBanners(
      commonArguments(survey, readTimeout: "1"),
      stdin: Array(try String(contentsOfFile: survey.targets, encoding: .utf8).utf8))
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(
      lines.allSatisfy {
        $0.hasPrefix("{\"addr\":\"127.11.0.")
          && $0.contains("\"outcome\":\"ok\",\"banner\":\"220 host")
      })
  }

  @Test func resumeAfterAKillMidRunLeavesNoDuplicateAndNoGap() throws {
    let survey = try Self.survey(Self.hosts(block: 12, count: 400, silentEvery: 2))
    defer { survey.server.shutdown() }
    let arguments =
      commonArguments(survey) + ["--concurrency", "20", "--output", survey.output, survey.targets]
    let process = try Self.start(arguments, in: survey.directory)
    Self.waitForLines(survey.output, atLeast: 60, process: process)
    #expect(process.isRunning, "the run should still be going when it is killed")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let before = try Self.records(survey.output)
    #expect(before.count >= 60 && before.count < 400)
    // A kill in the middle of a write: a partial last line, which --resume cuts off.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: survey.output))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"addr\":\"127.12.".utf8))
    try handle.close()

    let run = try runBanners(
      commonArguments(survey) + ["--resume", "--output", survey.output, survey.targets])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("cut a partial last line (16 bytes)"))
    #expect(run.stderr.contains("\(before.count) already recorded"))
    let after = try Self.records(survey.output).compactMap(\.target)
    #expect(after.count == 400)
    #expect(Set(after) == survey.identities)
  }

  @Test func sigtermFinishesTargetsInFlightAndLeavesAValidFile() throws {
    let survey = try Self.survey(Self.hosts(block: 13, count: 300, silentEvery: 2))
    defer { survey.server.shutdown() }
    let arguments =
      commonArguments(survey) + ["--concurrency", "20", "--output", survey.output, survey.targets]
    let process = try Self.start(arguments, in: survey.directory)
    Self.waitForLines(survey.output, atLeast: 40, process: process)
    process.terminate()
    process.waitUntilExit()
    #expect(process.terminationStatus == 128 + SIGTERM)
    let stderr = try String(
      contentsOf: survey.directory.appendingPathComponent("stderr"), encoding: .utf8)
    #expect(stderr.contains("continue with --resume"))
    let stopped = try Self.records(survey.output)
    #expect(stopped.count < 300)
    #expect(!stopped.contains { $0.outcome == .failed("interrupted") })
    #expect(Set(stopped.compactMap(\.target)).count == stopped.count)

    let run = try runBanners(
      commonArguments(survey) + ["--resume", "--output", survey.output, survey.targets])
    #expect(run.status == 0)
    let after = try Self.records(survey.output).compactMap(\.target)
    #expect(after.count == 300 && Set(after) == survey.identities)
  }

  @Test func aSecondSignalRecordsTargetsInFlightAsInterrupted() throws {
    let hosts = Dictionary(
      uniqueKeysWithValues: (1...30).map { ("127.18.0.\($0)", HostBehaviour.silent) })
    let survey = try Self.survey(hosts)
    defer { survey.server.shutdown() }
    let arguments = [
      "record", "--port", String(survey.server.port), "--read-timeout", "30", "--concurrency", "10",
      "--output", survey.output, survey.targets,
    ]
    let process = try Self.start(arguments, in: survey.directory)
    usleep(700_000)
    process.terminate()
    usleep(200_000)
    process.terminate()
    let started = Date()
    process.waitUntilExit()
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(process.terminationStatus == 128 + SIGTERM)
    let records = try Self.records(survey.output)
    #expect(records.count == 10)
    #expect(records.allSatisfy { $0.outcome == .failed("interrupted") })
  }

  @Test func progressGoesToStderrOnlyWhenAsked() throws {
    let hosts = Dictionary(
      uniqueKeysWithValues: (1...4).map { ("127.19.0.\($0)", HostBehaviour.silent) })
    let survey = try Self.survey(hosts)
    defer { survey.server.shutdown() }
    let base = [
      "record", "--port", String(survey.server.port), "--read-timeout", "0.6", survey.targets,
    ]
    let quiet = try runBanners(base)
    #expect(!quiet.stderr.contains("in flight"))
    let shown = try runBanners(base + ["--progress"])
    #expect(shown.status == 0)
    #expect(shown.stderr.contains("/4 targets, "))
    #expect(shown.stderr.contains("4 in flight"))
  }

  /// `banners record | head -1`: the closed pipe ends the run at once, with status 0,
  /// without waiting for targets in flight.
  @Test func aClosedStdoutPipeEndsTheRunQuietly() throws {
    var hosts = Self.hosts(block: 20, count: 20)
    for index in 1...20 { hosts["127.20.1.\(index)"] = .silent }
    let survey = try Self.survey(hosts)
    defer { survey.server.shutdown() }
    let command =
      "'\(bannersExecutable.path)' record --port \(survey.server.port) --read-timeout 30 "
      + "'\(survey.targets)' 2>'\(survey.directory.path)/stderr' | head -1 >/dev/null; "
      + "echo \"${PIPESTATUS[0]}\""
    let started = Date()
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/bash")
    shell.arguments = ["-c", command]
    let statusFile = survey.directory.appendingPathComponent("status")
    _ = FileManager.default.createFile(atPath: statusFile.path, contents: nil)
    shell.standardOutput = try FileHandle(forWritingTo: statusFile)
    try shell.run()
    shell.waitUntilExit()
    #expect(try String(contentsOf: statusFile, encoding: .utf8) == "0\n")
    #expect(Date().timeIntervalSince(started) < 15)
    let stderr = try String(
      contentsOf: survey.directory.appendingPathComponent("stderr"), encoding: .utf8)
    #expect(!stderr.contains("ERROR"))
  }

  @Test func excludedAddressesAreNeverContacted() throws {
    final class Contacts: @unchecked Sendable {
      // @unchecked Sendable: guarded by `lock`.
      let lock = NSLock()
      var addresses = Set<String>()
    }
    let contacts = Contacts()
    let hosts = Self.hosts(block: 14, count: 16)
    let server = try LoopbackSMTPServer(threads: 1) { address in
      contacts.lock.lock()
      contacts.addresses.insert(address)
      contacts.lock.unlock()
      return hosts[address]
    }
    defer { server.shutdown() }
    let directory = try makeScratchDirectory()
    let targets = directory.appendingPathComponent("targets.txt").path
    let exclude = directory.appendingPathComponent("exclude.txt").path
    try "127.14.0.0/27\n".write(toFile: targets, atomically: true, encoding: .utf8)
    try "# never these\n127.14.0.8/29\n127.14.0.1\n".write(
      toFile: exclude, atomically: true, encoding: .utf8)
    let run = try runBanners([
      "record", "--port", String(server.port), "--read-timeout", "0.3", "--exclude", exclude,
      targets,
    ])
    #expect(run.status == 0)
    let recorded = run.stdout.split(separator: "\n").count
    #expect(recorded == 32 - 9)
    #expect(run.stderr.contains("; 9 excluded"))
    contacts.lock.lock()
    let contacted = contacts.addresses
    contacts.lock.unlock()
    #expect(contacted.isDisjoint(with: ["127.14.0.1"] + (8...15).map { "127.14.0.\($0)" }))
  }

  @Test func shardsOfOneListCoverItExactlyOnce() throws {
    let survey = try Self.survey(Self.hosts(block: 15, count: 90))
    defer { survey.server.shutdown() }
    var seen: [String] = []
    for index in 1...3 {
      let output = survey.directory.appendingPathComponent("shard\(index).jsonl").path
      let run = try runBanners(
        commonArguments(survey) + [
          "--shuffle", "--shard", "\(index)/3", "--output", output, survey.targets,
        ])
      #expect(run.status == 0)
      seen += try Self.records(output).compactMap(\.target)
    }
    #expect(seen.count == 90)
    #expect(Set(seen) == survey.identities)
  }

  @Test func sampleProbesNTargetsRepeatablyBySeed() throws {
    let survey = try Self.survey(Self.hosts(block: 16, count: 100))
    defer { survey.server.shutdown() }
    var samples: [Set<String>] = []
    for name in ["a", "b"] {
      let output = survey.directory.appendingPathComponent("\(name).jsonl").path
      let run = try runBanners(
        commonArguments(survey) + [
          "--sample", "25", "--seed", "1997", "--output", output, survey.targets,
        ])
      #expect(run.status == 0)
      let targets = try Self.records(output).compactMap(\.target)
      #expect(targets.count == 25)
      samples.append(Set(targets))
    }
    #expect(samples[0] == samples[1])
    #expect(samples[0].isSubset(of: survey.identities))
  }

  @Test(arguments: [
    (["--resume"], "--resume continues an --output file"),
    (["--shard", "4/3"], "--shard takes I/N"),
    (["--sample", "5", "--shard", "1/2"], "needs --seed"),
    (["--concurrency", "0"], "--concurrency must be at least 1"),
  ])
  func badOptionsAreUsageErrors(options: [String], message: String) throws {
    let run = try runBanners(["record"] + options + ["-"])
    #expect(run.status == 2)
    #expect(run.stderr.contains(message))
  }

  @Test func anExistingOutputNeedsResume() throws {
    let directory = try makeScratchDirectory()
    let output = directory.appendingPathComponent("out.jsonl").path
    try "{\"addr\":\"127.0.0.2\",\"port\":25,\"outcome\":\"timed out\"}\n".write(
      toFile: output, atomically: true, encoding: .utf8)
    let run = try runBanners(["record", "--output", output, "-"], stdin: Array("127.0.0.2\n".utf8))
    #expect(run.status == 2)
    #expect(run.stderr.contains("add --resume"))
  }

  @Test func badTargetLinesAreReportedAndTheRestRecorded() throws {
    let survey = try Self.survey(Self.hosts(block: 17, count: 2))
    defer { survey.server.shutdown() }
    let run = try runBanners(
      commonArguments(survey) + ["-"], stdin: Array("127.17.0.1\nmx.example.net\n127.17.0.2\n".utf8)
    )
    #expect(run.status == 2)
    #expect(
      run.stderr.contains("<stdin>:2: error: 'mx.example.net' is not an IPv4 or IPv6 address"))
    #expect(run.stdout.split(separator: "\n").count == 2)
  }
}
