import BannersCore
import BannersLoopback
import BannersRecorder
import BannersTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

/// The recorder in process against the loopback SMTP emulator: every host behaviour,
/// over real sockets, on addresses in 127.0.0.0/8 only.
@Suite struct RecorderLoopbackTests {
  /// Addresses the emulator was asked about: who was contacted.
  final class ContactLog: @unchecked Sendable {
    // @unchecked Sendable: every access holds `lock`.
    private let lock = NSLock()
    private var addresses: [String] = []
    func add(_ address: String) {
      lock.lock()
      addresses.append(address)
      lock.unlock()
    }
    var contacted: [String] {
      lock.lock()
      defer { lock.unlock() }
      return addresses
    }
  }

  final class Records: @unchecked Sendable {
    // @unchecked Sendable: appended on the recorder's coordinator loop only, read after.
    var all: [CorpusRecord] = []
    func record(for address: String) -> CorpusRecord? { all.first { $0.address == address } }
  }

  /// Serves `hosts`, records `targets` (lines; `REFUSED` is replaced by the refused
  /// port), and returns the records, the final status and who was contacted.
  func record(
    hosts: [String: HostBehaviour], targets: [String],
    configure: (inout RecorderConfiguration, LoopbackSMTPServer) -> Void = { _, _ in }
  ) async throws -> (records: Records, status: RecorderStatus, contacted: [String]) {
    let log = ContactLog()
    let server = try LoopbackSMTPServer { address in
      log.add(address)
      return hosts[address]
    }
    defer { server.shutdown() }
    let list = targets.map {
      $0.replacingOccurrences(of: "REFUSED", with: String(server.refusedPort))
    }
    let path = try makeScratchDirectory().appendingPathComponent("targets.txt")
    try (list.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
    var selection = TargetSelection()
    selection.defaultPort = server.port
    let iterator = try TargetIterator(path: path.path, selection: selection) { _ in }
    var configuration = RecorderConfiguration()
    configuration.connectTimeout = .seconds(2)
    configuration.readTimeout = .milliseconds(300)
    configure(&configuration, server)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let records = Records()
    let recorder = Recorder(configuration: configuration, targets: iterator, group: group) {
      records.all.append($0)
    }
    let status = try await recorder.run().get()
    try await group.shutdownGracefully()
    return (records, status, log.contacted)
  }

  static let greeting =
    "220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8; Mon, 11 May 1998 03:10:02 GMT\r\n"
  static let reply =
    "214-This is Sendmail version 8.8.8\r\n214-Topics:\r\n214-\tHELO\tEHLO\tMAIL\tRCPT\tDATA\r\n"
    + "214-For more info use \"HELP <topic>\".\r\n214 End of HELP info\r\n"

  @Test func everyBehaviourGivesItsOutcome() async throws {
    let hosts: [String: HostBehaviour] = [
      "127.3.0.1": .smtp(Self.greeting, Self.reply),
      "127.3.0.2": .silent,
      "127.3.0.3": .immediateClose,
      "127.3.0.4": .endless,
      "127.3.0.5": .smtp(
        Self.greeting, Self.reply, pacing: .init(size: 3, interval: .milliseconds(1))),
      "127.3.0.6": .smtp(
        "421 gw.example.com Sorry, unable to contact destination SMTP daemon.\r\n", ""),
      "127.3.0.7": .drip(
        greeting: "220 slow ESMTP\r\n", reply: "214 ok\r\n", interval: .milliseconds(5)),
      "127.3.0.8": .drip(
        greeting: "220 very slow ESMTP\r\n", reply: "214 ok\r\n", interval: .milliseconds(150)),
    ]
    let targets = hosts.keys.sorted() + ["127.3.0.9:REFUSED"]
    let (records, status, _) = try await record(hosts: hosts, targets: targets) {
      configuration, _ in configuration.maxBytes = 4096
    }
    #expect(status.recorded == 9)
    #expect(records.all.count == 9)

    let ok = try #require(records.record(for: "127.3.0.1"))
    #expect(ok.outcome == .ok)
    #expect(ok.banner == Array((Self.greeting + Self.reply).utf8))
    #expect(records.record(for: "127.3.0.2")?.outcome == .failed("timed out"))
    #expect(records.record(for: "127.3.0.3")?.outcome == .failed("immediate disconnect"))
    let endless = try #require(records.record(for: "127.3.0.4"))
    #expect(endless.outcome == .ok)
    #expect(endless.banner?.count == 4096)
    #expect(records.record(for: "127.3.0.5")?.banner == Array((Self.greeting + Self.reply).utf8))
    #expect(
      records.record(for: "127.3.0.6")?.banner
        == Array("421 gw.example.com Sorry, unable to contact destination SMTP daemon.\r\n".utf8))
    #expect(records.record(for: "127.3.0.7")?.banner == Array("220 slow ESMTP\r\n214 ok\r\n".utf8))
    // 150 ms a byte: 1 s gives about 7 bytes of the 21-byte greeting, kept as they came.
    let slow = try #require(records.record(for: "127.3.0.8"))
    #expect(slow.outcome == .ok)
    #expect(
      slow.banner.map { "220 very slow ESMTP\r\n".utf8.starts(with: $0) && $0.count >= 2 } == true)
    #expect(records.record(for: "127.3.0.9")?.outcome == .failed("connection refused"))
    #expect(records.all.allSatisfy { $0.time?.hasSuffix("Z") == true })
  }

  @Test func excludedTargetsAreNeverContacted() async throws {
    var hosts: [String: HostBehaviour] = [:]
    for index in 1...8 { hosts["127.4.0.\(index)"] = .smtp("220 h\(index)\r\n", "214 ok\r\n") }
    let (records, status, contacted) = try await record(
      hosts: hosts, targets: ["127.4.0.1/29", "127.4.0.8"]
    ) { configuration, _ in
      configuration.exclusions = AddressSet(
        ["127.4.0.2/31", "127.4.0.7"].compactMap { try? TargetRange.parse($0) })
    }
    let expected = ["127.4.0.0", "127.4.0.1", "127.4.0.4", "127.4.0.5", "127.4.0.6", "127.4.0.8"]
    #expect(records.all.compactMap(\.address).sorted() == expected)
    #expect(status.excluded == 3)
    #expect(Set(contacted).isDisjoint(with: ["127.4.0.2", "127.4.0.3", "127.4.0.7"]))
  }

  @Test func alreadyRecordedTargetsAreSkipped() async throws {
    let hosts: [String: HostBehaviour] = [
      "127.5.0.1": .silent, "127.5.0.2": .smtp("220 x\r\n", "214 y\r\n"),
    ]
    let (records, status, contacted) = try await record(
      hosts: hosts, targets: ["127.5.0.1", "127.5.0.2"]
    ) {
      configuration, server in
      configuration.alreadyRecorded = ["127.5.0.1:\(server.port)"]
    }
    #expect(records.all.compactMap(\.address) == ["127.5.0.2"])
    #expect(status.alreadyRecorded == 1)
    #expect(contacted == ["127.5.0.2"])
  }

  @Test func ipv6LoopbackIsProbedToo() async throws {
    let (records, _, _) = try await record(
      hosts: ["::1": .smtp("220 six\r\n", "214 ok\r\n")], targets: ["::1"])
    let only = try #require(records.all.first)
    #expect(only.address == "::1")
    #expect(only.outcome == .ok || only.outcome == .failed("connection refused"))
  }

  @Test func concurrencyBoundsConnectionsInFlight() async throws {
    let hosts = Dictionary(
      uniqueKeysWithValues: (1...40).map { ("127.6.0.\($0)", HostBehaviour.silent) })
    let start = Date()
    let (records, _, _) = try await record(hosts: hosts, targets: ["127.6.0.1/26"]) {
      configuration, _ in
      configuration.concurrency = 10
      configuration.readTimeout = .milliseconds(200)
    }
    // 64 targets, 40 silent for 200 ms each, 10 at a time: at least 4 rounds of waiting.
    #expect(records.all.count == 64)
    #expect(Date().timeIntervalSince(start) >= 0.8)
  }

  @Test func rateLimitsNewConnections() async throws {
    let hosts = Dictionary(
      uniqueKeysWithValues: (1...20).map {
        ("127.7.0.\($0)", HostBehaviour.smtp("220 a\r\n", "214 b\r\n"))
      })
    let start = Date()
    let (records, _, _) = try await record(hosts: hosts, targets: ["127.7.0.1/27"]) {
      configuration, _ in configuration.rate = 50
    }
    // 32 connections at 50 a second take at least 0.6 s.
    #expect(records.all.count == 32)
    #expect(Date().timeIntervalSince(start) >= 0.6)
  }
}
