import BannersCore
import NIOCore

/// What one probe of a connected target produced: `ok` with the bytes received, or a
/// failure reason when not a single byte came.
public struct ProbeResult: Sendable, Equatable {
  public var outcome: Outcome
  public var banner: [UInt8]?

  public init(outcome: Outcome, banner: [UInt8]? = nil) {
    self.outcome = outcome
    self.banner = banner
  }
}

/// Asks a probe in flight to stop now; its result is `interrupted` unless it already
/// has bytes (sent by the recorder on a second SIGINT or SIGTERM).
public struct ProbeInterrupt: Sendable {
  public init() {}
}

/// The conversation with one connected target, after `ReplyFramer`:
///
/// 1. wait for the greeting (a complete SMTP reply) for at most `readTimeout`;
/// 2. send the probe (`HELP\r\n`), unless there is none, and wait at most `readTimeout`
///    for the complete reply;
/// 3. say `QUIT` when the target spoke SMTP, and close.
///
/// It also ends when the peer closes, an error occurs, or `maxBytes` bytes have come
/// (the banner is then cut at exactly `maxBytes`, so memory per target is bounded).
/// The banner is every byte received, greeting and reply, exactly as sent.
///
/// | what happened                         | result                     |
/// |---------------------------------------|----------------------------|
/// | greeting and reply complete           | `ok`, both                 |
/// | no byte before `readTimeout`          | `timed out`                |
/// | peer closed before any byte           | `immediate disconnect`     |
/// | error (ECONNRESET...) before any byte | its `FailureReason`        |
/// | anything after some bytes             | `ok`, the bytes so far     |
///
/// The result goes to `promise` exactly once, also when the channel goes away first.
public final class ProbeHandler: ChannelInboundHandler, RemovableChannelHandler {
  public typealias InboundIn = ReplyChunk
  public typealias OutboundOut = ByteBuffer

  private enum Phase {
    case greeting
    case reply
    case done
  }

  private let probe: [UInt8]?
  private let readTimeout: TimeAmount
  private let maxBytes: Int
  private let promise: EventLoopPromise<ProbeResult>
  private var phase = Phase.greeting
  private var received: [UInt8] = []
  private var deadline: Scheduled<Void>?
  private var spokeSMTP = false

  /// - Parameters:
  ///   - probe: bytes to send after the greeting; nil for greeting-only protocols.
  ///   - readTimeout: how long the greeting, and then the reply, may take.
  ///   - maxBytes: the most bytes kept and read from one target.
  ///   - promise: completed with the result, once.
  public init(
    probe: [UInt8]?, readTimeout: TimeAmount, maxBytes: Int,
    promise: EventLoopPromise<ProbeResult>
  ) {
    self.probe = probe
    self.readTimeout = readTimeout
    self.maxBytes = max(1, maxBytes)
    self.promise = promise
  }

  public func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { startPhase(.greeting, context: context) }
  }

  public func channelActive(context: ChannelHandlerContext) {
    startPhase(.greeting, context: context)
    context.fireChannelActive()
  }

  public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard phase != .done else { return }
    let chunk = unwrapInboundIn(data)
    let room = maxBytes - received.count
    let count = chunk.bytes.readableBytes
    chunk.bytes.withUnsafeReadableBytes { received.append(contentsOf: $0.prefix(room)) }
    if count >= room {
      finish(context: context, polite: false)
      return
    }
    guard chunk.completesReply else { return }
    spokeSMTP = true
    switch phase {
    case .greeting:
      if let probe {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: probe)))
          .whenFailure { _ in }
        startPhase(.reply, context: context)
      } else {
        finish(context: context, polite: true)
      }
    case .reply:
      finish(context: context, polite: true)
    case .done:
      break
    }
  }

  public func channelInactive(context: ChannelHandlerContext) {
    finish(
      context: context, polite: false, noBytes: .failed(FailureReason.immediateDisconnect.text))
    context.fireChannelInactive()
  }

  public func errorCaught(context: ChannelHandlerContext, error: Error) {
    finish(context: context, polite: false, noBytes: Recorder.outcome(for: error))
  }

  public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if event is ProbeInterrupt {
      finish(context: context, polite: false, noBytes: .failed(FailureReason.interrupted.text))
    } else {
      context.fireUserInboundEventTriggered(event)
    }
  }

  public func handlerRemoved(context: ChannelHandlerContext) {
    // The channel went away without telling us (its connect failed, or it was torn
    // down); the recorder then reports the connect error, not this.
    deadline?.cancel()
    if phase != .done {
      phase = .done
      promise.succeed(resultWith(noBytes: .failed(FailureReason.immediateDisconnect.text)))
    }
  }

  private func startPhase(_ next: Phase, context: ChannelHandlerContext) {
    guard phase != .done else { return }
    phase = next
    deadline?.cancel()
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    deadline = context.eventLoop.scheduleTask(in: readTimeout) {
      let (handler, context) = loopBound.value
      handler.finish(context: context, polite: false, noBytes: .failed(FailureReason.timedOut.text))
    }
  }

  private func finish(
    context: ChannelHandlerContext, polite: Bool,
    noBytes: Outcome = .failed(FailureReason.immediateDisconnect.text)
  ) {
    guard phase != .done else { return }
    phase = .done
    deadline?.cancel()
    promise.succeed(resultWith(noBytes: noBytes))
    let channel = context.channel
    if polite && spokeSMTP && channel.isActive {
      // Say goodbye, then hang up without waiting for the 221.
      context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(string: "QUIT\r\n")))
        .whenComplete { _ in channel.close(promise: nil) }
    } else {
      context.close(promise: nil)
    }
  }

  private func resultWith(noBytes: Outcome) -> ProbeResult {
    received.isEmpty ? ProbeResult(outcome: noBytes) : ProbeResult(outcome: .ok, banner: received)
  }
}
