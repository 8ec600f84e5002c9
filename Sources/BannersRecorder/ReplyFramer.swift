import NIOCore

/// A piece of what a target sent, cut so that every complete SMTP reply ends a piece.
///
/// Every received byte is in exactly one chunk, in order: the recorder keeps the bytes
/// of a reply that never completes (a timeout, a close, a byte cap) as well as those of
/// one that does.
public struct ReplyChunk: Sendable, Equatable {
  public var bytes: ByteBuffer
  /// True when `bytes` end with the last line of an SMTP reply.
  public var completesReply: Bool

  public init(bytes: ByteBuffer, completesReply: Bool) {
    self.bytes = bytes
    self.completesReply = completesReply
  }
}

/// Finds where SMTP replies end in a byte stream (RFC 5321 4.2.1): a reply is lines
/// `ddd-text` ending with one `ddd text` (or a bare `ddd`), each ended by LF (CRLF in
/// practice).
///
/// | input                                  | chunks out                                   |
/// |----------------------------------------|----------------------------------------------|
/// | `220 ready\r\n`                        | `220 ready\r\n` (complete)                   |
/// | `214-HELO MAIL\r\n214 ` then `end\r\n` | `214-HELO MAIL\r\n214 ` (partial), `end\r\n` (complete) |
/// | `220 a\r\n214 b\r\n`                   | `220 a\r\n` (complete), `214 b\r\n` (complete) |
/// | `hello\r\n`                            | `hello\r\n` (partial: not an SMTP line)       |
///
/// It passes bytes on as they arrive instead of holding them until a reply is whole,
/// so its own buffer is always empty and the byte cap is the prober's to enforce.
/// A line that does not start with three digits never completes a reply: such a
/// target is read until it closes, the byte cap, or the read timeout.
public struct ReplyFramer: ByteToMessageDecoder {
  public typealias InboundOut = ReplyChunk

  private enum LineState {
    /// At `digits` (0...3) leading digits of a line.
    case code(digits: Int)
    /// On the last line of a reply, waiting for its LF.
    case finalLine
    /// On a continuation line (`ddd-`) or one that is not SMTP, waiting for its LF.
    case otherLine
  }

  private var state = LineState.code(digits: 0)

  public init() {}

  public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws
    -> DecodingState
  {
    guard buffer.readableBytes > 0 else { return .needMoreData }
    if let end = buffer.withUnsafeReadableBytes({ scan($0) }),
      let reply = buffer.readSlice(length: end)
    {
      context.fireChannelRead(wrapInboundOut(ReplyChunk(bytes: reply, completesReply: true)))
      return .continue
    }
    if let rest = buffer.readSlice(length: buffer.readableBytes) {
      context.fireChannelRead(wrapInboundOut(ReplyChunk(bytes: rest, completesReply: false)))
    }
    return .needMoreData
  }

  public mutating func decodeLast(
    context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
  ) throws -> DecodingState {
    try decode(context: context, buffer: &buffer)
  }

  /// Advances the line state over `bytes` and returns the count of bytes up to and
  /// including the first that completes a reply, or nil when none does (the state then
  /// covers them all).
  private mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if advance(over: byte) { return index }
    }
    return nil
  }

  /// One byte of the line state machine; true when it ends a reply.
  private mutating func advance(over byte: UInt8) -> Bool {
    let newline = UInt8(ascii: "\n")
    switch state {
    case .code(let digits) where digits < 3:
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        state = .code(digits: digits + 1)
      } else {
        state = byte == newline ? .code(digits: 0) : .otherLine
      }
    case .code:
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\r"): state = .finalLine
      case newline:
        state = .code(digits: 0)
        return true
      default: state = .otherLine
      }
    case .finalLine:
      if byte == newline {
        state = .code(digits: 0)
        return true
      }
    case .otherLine:
      if byte == newline { state = .code(digits: 0) }
    }
    return false
  }
}
