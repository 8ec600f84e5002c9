import BannersRecorder
import NIOCore
import NIOEmbedded
import Testing

@Suite struct ReplyFramerTests {
  /// Feeds `pieces` through a `ReplyFramer` in an `EmbeddedChannel`, then closes it.
  private func frame(_ pieces: [ArraySlice<UInt8>]) throws -> [ReplyChunk] {
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(ReplyFramer()))
    var chunks: [ReplyChunk] = []
    for piece in pieces {
      try channel.writeInbound(ByteBuffer(bytes: piece))
      while let chunk = try channel.readInbound(as: ReplyChunk.self) { chunks.append(chunk) }
    }
    _ = try channel.finish()
    while let chunk = try channel.readInbound(as: ReplyChunk.self) { chunks.append(chunk) }
    return chunks
  }

  /// The bytes back, and the offsets just past each reply the framer saw complete.
  private func summarize(_ chunks: [ReplyChunk]) -> (bytes: [UInt8], ends: [Int]) {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    for chunk in chunks {
      bytes += chunk.bytes.readableBytesView
      if chunk.completesReply { ends.append(bytes.count) }
    }
    return (bytes, ends)
  }

  @Test(arguments: [
    ("220 ready\r\n", [11]),
    ("220-first\r\n220 last\r\n", [21]),
    ("220 a\r\n214-b\r\n214-c\r\n214 d\r\n", [7, 28]),
    ("250\r\n", [5]),
    ("250\n", [4]),
    ("hello\r\n", []),
    ("2500 four digits\r\n", []),
    ("220-never ends\r\n220-still\r\n", []),
    ("421 Sorry, unable to contact destination SMTP daemon.\r\n", [55]),
    ("", []),
  ])
  func repliesEndAtTheirFinalLine(text: String, ends: [Int]) throws {
    let input = Array(text.utf8)
    let result = summarize(try frame([input[...]]))
    #expect(result.bytes == input)
    #expect(result.ends == ends)
  }

  /// Every way of cutting a multi-line reply into TCP segments gives the same bytes
  /// and the same reply ends (as NIO's ByteToMessageDecoderVerifier does).
  @Test func everyChunkingOfAMultiLineReplyFramesTheSame() throws {
    let input = Array("220-a\r\n220 b\r\n".utf8)
    let gaps = input.count - 1
    for mask in 0..<(1 << gaps) {
      var pieces: [ArraySlice<UInt8>] = []
      var start = 0
      for gap in 0..<gaps where mask & (1 << gap) != 0 {
        pieces.append(input[start...gap])
        start = gap + 1
      }
      pieces.append(input[start...])
      let result = summarize(try frame(pieces))
      #expect(result.bytes == input)
      #expect(result.ends == [input.count], "chunking \(pieces.map(\.count))")
    }
  }

  /// A real greeting and HELP reply from the sample corpus, cut in two or three
  /// anywhere.
  @Test func everyTwoAndThreeWayCutOfASampleBannerFramesTheSame() throws {
    let greeting = "220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8; ready\r\n"
    let reply = "214-Commands:\r\n214-  HELO MAIL RCPT\r\n214 End\r\n"
    let input = Array((greeting + reply).utf8)
    let expected = [greeting.utf8.count, input.count]
    for first in 1..<input.count {
      let two = summarize(try frame([input[..<first], input[first...]]))
      #expect(two.bytes == input && two.ends == expected)
      for second in stride(from: first + 1, to: input.count, by: 3) {
        let three = summarize(
          try frame([input[..<first], input[first..<second], input[second...]]))
        #expect(three.bytes == input && three.ends == expected, "cuts \(first), \(second)")
      }
    }
  }
}
