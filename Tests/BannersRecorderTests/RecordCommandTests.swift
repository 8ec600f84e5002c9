import BannersCore
import BannersLoopback
import BannersRecorder
import BannersTestSupport
import Foundation
import Testing

/// `banners record` end to end: the built binary against the loopback emulator.
///
/// No test here depends on the machine's speed. Hosts answer at once, fail at once, or
/// are held behind a `HostGate` until the test opens it, so "the run is still going"
/// and "these targets are in flight" are states the test sets up and observes (the
/// gate's arrivals, a line on stderr), never a guess about timing. Read timeouts are
/// long enough never to fire, except where every host probed is silent.
@Suite struct RecordCommandTests {
  static func smtp(_ index: Int) -> HostBehaviour {
    .smtp("220 host\(index) ESMTP Sendmail 8.8.8\r\n", "214-Topics:\r\n214 End of HELP info\r\n")
  }

  /// `count` SMTP hosts on 127.`block`/16; `special(index)` replaces the behaviour of
  /// the hosts it returns one for.
  static func hosts(
    block: Int, count: Int, special: (Int) -> HostBehaviour? = { _ in nil }
  ) -> [String: HostBehaviour] {
    var hosts: [String: HostBehaviour] = [:]
    for index in 0..<count {
      hosts["127.\(block).\(index / 250).\(index % 250 + 1)"] = special(index) ?? smtp(index)
    }
    return hosts
  }

  struct Survey {
    let server: LoopbackSMTPServer
    let directory: URL
    let targets: String
    let output: String
    let identities: Set<String>
    /// The target list, in its order.
    let addresses: [String]
  }

  /// Starts an emulator for `hosts` and writes their target list (sorted).
  static func survey(_ hosts: [String: HostBehaviour]) throws -> Survey {
    let server = try LoopbackSMTPServer(threads: 1) { hosts[$0] }
    let directory = try makeScratchDirectory()
    let targets = directory.appendingPathComponent("targets.txt").path
    let addresses = hosts.keys.sorted()
    try (addresses.joined(separator: "\n") + "\n").write(
      toFile: targets, atomically: true, encoding: .utf8)
    return Survey(
      server: server, directory: directory, targets: targets,
      output: directory.appendingPathComponent("out.jsonl").path,
      identities: Set(hosts.keys.map { "\($0):\(server.port)" }), addresses: addresses)
  }

  /// The records of a corpus file; fails the test on a line that is not a record.
  static func records(_ path: String) throws -> [CorpusRecord] {
    let reader = try CorpusReader(path: path, format: .jsonl)
    var records: [CorpusRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  /// Starts `banners` without waiting (for signal tests); stderr goes to a file in
  /// `directory`, stdout to `stdout` (nowhere by default).
  static func start(
    _ arguments: [String], in directory: URL, stdout: Any = FileHandle.nullDevice
  ) throws -> Process {
    let process = Process()
    process.executableURL = bannersExecutable
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    process.standardInput = FileHandle.nullDevice
    try Data().write(to: directory.appendingPathComponent("stderr"))
    process.standardOutput = stdout
    process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr"))
    try process.run()
    return process
  }

  /// Every other host held behind `gate`, for a run that stalls, with `concurrency`
  /// held targets in flight, until the gate opens.
  static func halfHeld(block: Int, count: Int, gate: HostGate) -> [String: HostBehaviour] {
    hosts(block: block, count: count) { $0 % 2 == 1 ? .held(gate, then: smtp($0)) : nil }
  }

  /// How many answering hosts the recorder reaches before its `concurrency` slots are
  /// all held: the targets are taken in list order, and a held one never frees its slot.
  static func answeredBeforeStall(
    _ survey: Survey, _ hosts: [String: HostBehaviour], concurrency: Int
  )
    -> Int
  {
    var held = 0
    var answered = 0
    for address in survey.addresses where held < concurrency {
      if case .held = hosts[address] { held += 1 } else { answered += 1 }
    }
    return answered
  }

  /// Arguments every run shares. The read timeout never fires here: no host in these
  /// runs stays silent unless it is held, and held hosts are released or the run is
  /// stopped.
  func commonArguments(_ survey: Survey) -> [String] {
    [
      "record", "--port", String(survey.server.port), "--connect-timeout", "60",
      "--read-timeout", "60",
    ]
  }

  @Test func recordsEveryTargetOnceAndPrintsThePostsTables() throws {
    let survey = try Self.survey(
      Self.hosts(block: 10, count: 40) { $0 % 10 == 0 ? .immediateClose : nil })
    defer { survey.server.shutdown() }
    let run = try runBanners(
      commonArguments(survey) + [
        "--output", survey.output, "--rules", "rules/smtp-1998.rules", survey.targets,
      ])
    #expect(run.status == 0)
    #expect(run.stdout == "")
    #expect(
      run.stderr.contains(
        "Here are the reasons for connection failures:\n    4 immediate disconnect\n"))
    #expect(run.stderr.contains("Here are the server software tallies:\n   36 sendmail\n"))
    #expect(run.stderr.contains("banners: recorded 40 target(s)"))
    let records = try Self.records(survey.output)
    #expect(Set(records.compactMap(\.target)) == survey.identities)
    #expect(records.count == 40)
  }

  /// The one run whose outcome is a read timeout: every host it probes is silent, so a
  /// short timeout races nothing.
  @Test func silentHostsAreRecordedAsTimedOut() throws {
    let survey = try Self.survey(Self.hosts(block: 21, count: 3) { _ in .silent })
    defer { survey.server.shutdown() }
    let run = try runBanners([
      "record", "--port", String(survey.server.port), "--read-timeout", "0.3", survey.targets,
    ])
    #expect(run.status == 0)
    #expect(run.stderr.contains("Here are the reasons for connection failures:\n    3 timed out\n"))
    #expect(
      run.stdout.split(separator: "\n").allSatisfy { $0.contains("\"outcome\":\"timed out\"") })
  }

  @Test func withoutOutputTheCorpusGoesToStdout() throws {
    let survey = try Self.survey(Self.hosts(block: 11, count: 5))
    defer { survey.server.shutdown() }
    let run = try runBanners(
      commonArguments(survey),
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
    let gate = HostGate()
    let hosts = Self.halfHeld(block: 12, count: 400, gate: gate)
    let survey = try Self.survey(hosts)
    defer { survey.server.shutdown() }
    let arguments =
      commonArguments(survey) + ["--concurrency", "20", "--output", survey.output, survey.targets]
    let process = try Self.start(arguments, in: survey.directory)
    // Stalled: 20 held targets in flight, every answering one before them recorded.
    waitUntil("20 held targets in flight") { gate.arrivals == 20 }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let before = try Self.records(survey.output)
    #expect(before.count == Self.answeredBeforeStall(survey, hosts, concurrency: 20))
    #expect(before.count > 0)
    // A kill in the middle of a write: a partial last line, which --resume cuts off.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: survey.output))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"addr\":\"127.12.".utf8))
    try handle.close()

    gate.open()
    let run = try runBanners(
      commonArguments(survey) + ["--resume", "--output", survey.output, survey.targets])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("cut a partial last line (16 bytes)"))
    #expect(run.stderr.contains("\(before.count) already recorded"))
    let after = try Self.records(survey.output).compactMap(\.target)
    #expect(after.count == 400)
    #expect(Set(after) == survey.identities)
  }

  /// Regression (issue 9): the run used to be over before the SIGTERM came on a busy
  /// machine. Held hosts keep it going until the test has seen the signal handled.
  @Test func sigtermFinishesTargetsInFlightAndLeavesAValidFile() throws {
    let gate = HostGate()
    let hosts = Self.halfHeld(block: 13, count: 300, gate: gate)
    let survey = try Self.survey(hosts)
    defer { survey.server.shutdown() }
    let arguments =
      commonArguments(survey) + ["--concurrency", "20", "--output", survey.output, survey.targets]
    let process = try Self.start(arguments, in: survey.directory)
    let stderrURL = survey.directory.appendingPathComponent("stderr")
    waitUntil("20 held targets in flight") { gate.arrivals == 20 }
    process.terminate()
    waitUntil("the first signal handled") {
      contents(of: stderrURL).contains("stopping: finishing the targets in flight")
    }
    // The recorder has been told to stop before that line is written: releasing the
    // held targets now lets them finish, and starts nothing new.
    gate.open()
    waitForExit(process)
    #expect(process.terminationStatus == 128 + SIGTERM)
    #expect(contents(of: stderrURL).contains("continue with --resume"))
    let stopped = try Self.records(survey.output)
    #expect(stopped.count == Self.answeredBeforeStall(survey, hosts, concurrency: 20) + 20)
    #expect(stopped.allSatisfy { $0.outcome == .ok })
    #expect(Set(stopped.compactMap(\.target)).count == stopped.count)

    let run = try runBanners(
      commonArguments(survey) + ["--resume", "--output", survey.output, survey.targets])
    #expect(run.status == 0)
    let after = try Self.records(survey.output).compactMap(\.target)
    #expect(after.count == 300 && Set(after) == survey.identities)
  }

  @Test func aSecondSignalRecordsTargetsInFlightAsInterrupted() throws {
    let gate = HostGate()
    let survey = try Self.survey(
      Self.hosts(block: 18, count: 30) { .held(gate, then: Self.smtp($0)) })
    defer {
      gate.open()
      survey.server.shutdown()
    }
    let arguments =
      commonArguments(survey) + ["--concurrency", "10", "--output", survey.output, survey.targets]
    let process = try Self.start(arguments, in: survey.directory)
    let stderrURL = survey.directory.appendingPathComponent("stderr")
    waitUntil("10 held targets in flight") { gate.arrivals == 10 }
    process.terminate()
    waitUntil("the first signal handled") {
      contents(of: stderrURL).contains("stopping: finishing the targets in flight")
    }
    process.terminate()
    // The held targets never answer: only the second signal can end the run.
    waitForExit(process)
    #expect(process.terminationStatus == 128 + SIGTERM)
    let records = try Self.records(survey.output)
    #expect(records.count == 10)
    #expect(records.allSatisfy { $0.outcome == .failed("interrupted") })
  }

  @Test func progressGoesToStderrOnlyWhenAsked() throws {
    let gate = HostGate()
    let survey = try Self.survey(
      Self.hosts(block: 19, count: 4) { .held(gate, then: Self.smtp($0)) })
    defer { survey.server.shutdown() }
    let base = commonArguments(survey) + [survey.targets]

    let shown = try Self.start(base + ["--progress"], in: survey.directory)
    let stderrURL = survey.directory.appendingPathComponent("stderr")
    // The progress line is drawn a few times a second while the 4 are held.
    waitUntil("a progress line with 4 in flight") {
      contents(of: stderrURL).contains("4 in flight")
    }
    gate.open()
    waitForExit(shown)
    #expect(shown.terminationStatus == 0)
    #expect(contents(of: stderrURL).contains("/4 targets, "))

    let quiet = try runBanners(base)
    #expect(quiet.status == 0)
    #expect(quiet.stdout.split(separator: "\n").count == 4)
    #expect(!quiet.stderr.contains("in flight"))
  }

  /// `banners record | head -1`: the closed pipe ends the run at once, with status 141,
  /// without waiting for targets in flight.
  @Test func aClosedStdoutPipeEndsTheRunAndSaysItWasCutShort() throws {
    // One host answers at once; ten answer once the reader is gone (their records meet
    // the closed pipe); twenty stay held: the run must end without them.
    let afterClose = HostGate()
    let never = HostGate()
    var hosts: [String: HostBehaviour] = ["127.20.0.1": Self.smtp(0)]
    for index in 2...11 { hosts["127.20.0.\(index)"] = .held(afterClose, then: Self.smtp(index)) }
    for index in 1...20 { hosts["127.20.1.\(index)"] = .held(never, then: Self.smtp(index)) }
    let survey = try Self.survey(hosts)
    defer {
      never.open()
      survey.server.shutdown()
    }
    let pipe = Pipe()
    let process = try Self.start(
      commonArguments(survey) + [survey.targets], in: survey.directory, stdout: pipe)
    waitUntil("every held target in flight") { afterClose.arrivals == 10 && never.arrivals == 20 }
    // Read the first line, as `head -1` does, and go away.
    var first: [UInt8] = []
    while !first.contains(0x0A) {
      let chunk = pipe.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      first += chunk
    }
    try pipe.fileHandleForReading.close()
    #expect(String(decoding: first, as: UTF8.self).hasPrefix("{\"addr\":\"127.20.0.1\""))
    afterClose.open()
    waitForExit(process)
    // Issue 12: a survey cut short by its reader says so, and exits 128 + SIGPIPE.
    #expect(process.terminationStatus == 141)
    let stderr = contents(of: survey.directory.appendingPathComponent("stderr"))
    #expect(stderr.contains("the run was cut short"))
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
      "record", "--port", String(server.port), "--read-timeout", "60", "--exclude", exclude,
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
