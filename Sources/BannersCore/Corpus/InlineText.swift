/// Text of up to 24 UTF-8 bytes kept in three words instead of a heap allocation, for a
/// record member that every corpus line has and almost no command reads: `time` (an RFC
/// 3339 timestamp is 20 bytes; Swift keeps only 15 inline). Longer text is a `String`.
///
/// Canonical: text that fits is always stored inline, so the synthesized equality and
/// hash compare contents.
struct InlineText: Hashable, Sendable {
  private enum Storage: Hashable, Sendable {
    /// Bytes 0...23 in the words, little-endian, zero past `count`.
    case inline(UInt64, UInt64, UInt64, count: UInt8)
    case string(String)
  }

  private var storage: Storage

  static let capacity = 24

  init(_ text: String) {
    var text = text
    storage = text.withUTF8 { Self.inlineStorage($0) } ?? .string(text)
  }

  /// Valid UTF-8 `bytes` (the caller has checked them).
  init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    storage = Self.inlineStorage(bytes) ?? .string(String(decoding: bytes, as: UTF8.self))
  }

  private static func inlineStorage(_ bytes: UnsafeBufferPointer<UInt8>) -> Storage? {
    guard bytes.count <= capacity else { return nil }
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &words) { raw in
      raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
    }
    // The words hold the bytes in memory order, so on a big-endian machine too.
    return .inline(words.0, words.1, words.2, count: UInt8(bytes.count))
  }

  var string: String {
    switch storage {
    case .string(let text): return text
    case .inline(let first, let second, let third, let count):
      var words = (first, second, third)
      return withUnsafeBytes(of: &words) { raw in
        String(decoding: raw.prefix(Int(count)), as: UTF8.self)
      }
    }
  }
}
