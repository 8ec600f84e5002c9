import NIOCore

/// One connection to the loopback SMTP emulator, playing the `HostBehaviour` of the
/// address the client dialled.
final class EmulatedHost: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let behaviour: @Sendable (String) -> HostBehaviour?
  private var current: HostBehaviour?
  private var linesRead = 0
  private var pendingLine: [UInt8] = []
  private var writesQueued = 0

  init(behaviour: @escaping @Sendable (String) -> HostBehaviour?) {
    self.behaviour = behaviour
  }

  func channelActive(context: ChannelHandlerContext) {
    guard let local = context.channel.localAddress, let ip = local.ipAddress,
      ip.hasPrefix("127.") || ip == "::1", let behaviour = behaviour(ip)
    else {
      // Not a loopback address, or not a host of this population: hang up.
      context.close(promise: nil)
      return
    }
    start(behaviour, context: context)
  }

  private func start(_ behaviour: HostBehaviour, context: ChannelHandlerContext) {
    current = behaviour
    switch behaviour {
    case .smtp(let greeting, let reply, let pacing):
      send(greeting, pacing: pacing, context: context, thenClose: reply.isEmpty)
    case .silent:
      break
    case .immediateClose:
      context.close(promise: nil)
    case .endless:
      send(
        Array("220 endless.example ESMTP\r\n".utf8), pacing: nil, context: context, thenClose: false
      )
    case .held(let gate, let next):
      let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      let loop = context.eventLoop
      gate.arrive {
        loop.execute {
          let (host, context) = loopBound.value
          guard context.channel.isActive else { return }
          host.start(next, context: context)
        }
      }
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
    for byte in bytes {
      pendingLine.append(byte)
      if byte == UInt8(ascii: "\n") {
        lineRead(pendingLine, context: context)
        pendingLine.removeAll()
      }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    context.close(promise: nil)
  }

  private func lineRead(_ line: [UInt8], context: ChannelHandlerContext) {
    linesRead += 1
    switch current {
    case .smtp(_, let reply, let pacing):
      if linesRead == 1 {
        send(reply, pacing: pacing, context: context, thenClose: false)
      } else {
        send(Array("221 closing\r\n".utf8), pacing: nil, context: context, thenClose: true)
      }
    case .endless:
      if linesRead == 1 { flood(context.channel) }
    case .silent, .immediateClose, .held, nil:
      break
    }
  }

  /// Writes `bytes`, in paced pieces when asked (each its own TCP segment).
  private func send(
    _ bytes: [UInt8], pacing: HostBehaviour.Pacing?, context: ChannelHandlerContext, thenClose: Bool
  ) {
    let channel = context.channel
    guard let pacing, bytes.count > pacing.size else {
      channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
        if thenClose { channel.close(promise: nil) }
      }
      return
    }
    var pieces: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
      pieces.append(Array(bytes[start..<min(start + pacing.size, bytes.count)]))
      start += pacing.size
    }
    let count = pieces.count
    for (index, piece) in pieces.enumerated() {
      let delay = TimeAmount.nanoseconds(pacing.interval.nanoseconds * Int64(index))
      channel.eventLoop.scheduleTask(in: delay) {
        guard channel.isActive else { return }
        channel.writeAndFlush(channel.allocator.buffer(bytes: piece)).whenComplete { _ in
          if thenClose && index == count - 1 { channel.close(promise: nil) }
        }
      }
    }
  }

  /// Continuation lines without end, written as fast as the client takes them.
  private func flood(_ channel: Channel) {
    let line = Array("214-this reply goes on and on and on and never ends, 64 bytes.\r\n".utf8)
    var chunk: [UInt8] = []
    for _ in 0..<256 { chunk += line }
    let buffer = channel.allocator.buffer(bytes: chunk)
    @Sendable func writeMore() {
      guard channel.isActive else { return }
      channel.writeAndFlush(buffer).whenSuccess { writeMore() }
    }
    writeMore()
  }
}
