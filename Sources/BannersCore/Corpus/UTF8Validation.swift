/// Whether bytes are valid UTF-8: decides `banner` versus `banner_b64` in the corpus
/// format, and rejects JSON text that is not Unicode.
enum UTF8Validation {
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
