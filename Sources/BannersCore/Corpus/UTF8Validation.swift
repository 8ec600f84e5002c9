#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether bytes are valid UTF-8: decides `banner` versus `banner_b64` in the corpus
/// format, and rejects JSON text that is not Unicode.
public enum UTF8Validation {
  /// Whether `bytes` hold U+FFFD (EF BF BD), the mark a scanner such as zgrab2 leaves
  /// where it replaced bytes that were not UTF-8. Runs on every banner a scan adds,
  /// so it looks for the lead byte with `memchr`.
  public static func hasReplacementCharacter(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { hasReplacementCharacter($0) }
  }

  static func hasReplacementCharacter(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = buffer.baseAddress else { return false }
    var offset = 0
    while buffer.count - offset >= 3,
      let found = memchr(base + offset, 0xEF, buffer.count - offset)
    {
      let lead = UnsafeRawPointer(found) - UnsafeRawPointer(base)
      if lead + 2 < buffer.count && buffer[lead + 1] == 0xBF && buffer[lead + 2] == 0xBD {
        return true
      }
      offset = lead + 1
    }
    return false
  }

  static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    // Fast path: all ASCII, the common case for banners.
    if bytes.allSatisfy({ $0 < 0x80 }) { return true }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }
}
