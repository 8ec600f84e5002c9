import BannersCore
import BannersRecorder
import NIOCore
import NIOEmbedded
import Testing

@Suite struct ProbeHandlerTests {
  private final class Probe {
    let channel = EmbeddedChannel()
    let result: EventLoopFuture<ProbeResult>

    init(probe: [UInt8]? = Array("HELP\r\n".utf8), maxBytes: Int = 1000) throws {
      let promise = channel.eventLoop.makePromise(of: ProbeResult.self)
      result = promise.futureResult
      try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ReplyFramer()))
      try channel.pipeline.syncOperations.addHandler(
        ProbeHandler(probe: probe, readTimeout: .seconds(5), maxBytes: maxBytes, promise: promise))
      try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
    }

    func receive(_ text: String) throws { try channel.writeInbound(ByteBuffer(string: text)) }

    func sent() throws -> String? {
      try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
    }

    func outcome() throws -> ProbeResult {
      channel.embeddedEventLoop.run()
      return try result.wait()
    }
  }

  @Test func greetingThenHelpThenQuit() throws {
    let probe = try Probe()
    try probe.receive("220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8; ready\r\n")
    #expect(try probe.sent() == "HELP\r\n")
    try probe.receive("214-Commands:\r\n")
    #expect(try probe.sent() == nil)
    try probe.receive("214 End\r\n")
    #expect(try probe.sent() == "QUIT\r\n")
    let result = try probe.outcome()
    #expect(result.outcome == .ok)
    #expect(
      result.banner
        == Array(
          "220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8; ready\r\n214-Commands:\r\n214 End\r\n"
            .utf8))
    #expect(!probe.channel.isActive)
  }

  @Test func noGreetingBeforeTheReadTimeoutIsTimedOut() throws {
    let probe = try Probe()
    probe.channel.embeddedEventLoop.advanceTime(by: .seconds(6))
    #expect(try probe.outcome() == ProbeResult(outcome: .failed("timed out")))
    #expect(!probe.channel.isActive)
  }

  @Test func aReplyTimeoutKeepsTheGreeting() throws {
    let probe = try Probe()
    try probe.receive("220 ready\r\n")
    #expect(try probe.sent() == "HELP\r\n")
    probe.channel.embeddedEventLoop.advanceTime(by: .seconds(4))
    try probe.receive("214-partial\r\n")
    probe.channel.embeddedEventLoop.advanceTime(by: .seconds(2))
    #expect(
      try probe.outcome()
        == ProbeResult(outcome: .ok, banner: Array("220 ready\r\n214-partial\r\n".utf8)))
  }

  @Test func closeBeforeAnyByteIsAnImmediateDisconnect() throws {
    let probe = try Probe()
    probe.channel.pipeline.fireChannelInactive()
    #expect(try probe.outcome() == ProbeResult(outcome: .failed("immediate disconnect")))
  }

  @Test func theByteCapCutsTheBannerExactly() throws {
    let probe = try Probe(maxBytes: 20)
    try probe.receive("220 ready\r\n")
    _ = try probe.sent()
    try probe.receive("214-0123456789abcdef\r\n")
    let result = try probe.outcome()
    #expect(result.outcome == .ok)
    #expect(result.banner == Array("220 ready\r\n214-01234".utf8))
    #expect(try probe.sent() == nil)
  }

  @Test func noSendRecordsTheGreetingAlone() throws {
    let probe = try Probe(probe: nil)
    try probe.receive("SSH-2.0-OpenSSH_9.6\r\n")
    #expect(try probe.sent() == nil)
    try probe.receive("220 x\r\n")
    #expect(try probe.sent() == "QUIT\r\n")
    #expect(try probe.outcome().banner == Array("SSH-2.0-OpenSSH_9.6\r\n220 x\r\n".utf8))
  }

  @Test func anInterruptWithoutBytesIsRecordedAsInterrupted() throws {
    let probe = try Probe()
    probe.channel.pipeline.fireUserInboundEventTriggered(ProbeInterrupt())
    #expect(try probe.outcome() == ProbeResult(outcome: .failed("interrupted")))
  }
}
