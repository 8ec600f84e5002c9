/// Writing JSON text by hand (JSON Lines output is a hot path, and field order is part
/// of the contract).
public enum JSONText {
  /// `value` as a JSON string literal, quotes included.
  public static func quote(_ value: String) -> String {
    quote(bytes: Array(value.utf8))
  }

  /// Valid UTF-8 `bytes` as a JSON string literal. Every control of `TerminalSafe`'s
  /// policy is written `\uHHHH` (C0, DEL, C1 such as CSI U+009B, bidi overrides such as
  /// U+202E), so a JSON line shown raw on a terminal cannot drive it.
  static func quote(bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 2)
    appendQuoted(bytes, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `quote(bytes:)` appended to `out` as bytes, with no `String` built (the per-record
  /// printers' path); `bytes` must be valid UTF-8. A run that needs no escape is copied
  /// whole.
  static func appendQuoted<C: RandomAccessCollection>(_ bytes: C, to out: inout [UInt8])
  where C.Element == UInt8, C.Index == Int {
    out.append(UInt8(ascii: "\""))
    if bytes.allSatisfy({
      $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
    }) {
      out.append(contentsOf: bytes)
      out.append(UInt8(ascii: "\""))
      return
    }
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20, 0x7F: appendEscape(UInt32(byte), to: &out)
      case 0xC2, 0xD8, 0xE2:
        // The only lead bytes of multi-byte controls; the bytes are valid UTF-8, so a
        // lead byte has its continuation bytes.
        let length = byte == 0xE2 ? 3 : 2
        var scalar = UInt32(byte) & (byte == 0xE2 ? 0x0F : 0x1F)
        for offset in 0..<(length - 1) where index + offset < bytes.endIndex {
          scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        if let value = Unicode.Scalar(scalar), TerminalSafe.isControl(value) {
          appendEscape(scalar, to: &out)
          index += length - 1
        } else {
          out.append(byte)
        }
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func appendEscape(_ scalar: UInt32, to out: inout [UInt8]) {
    out += Array("\\u".utf8)
    for shift in [12, 8, 4, 0] { out.append(hex[Int(scalar >> UInt32(shift) & 15)]) }
  }

  private static let hex = Array("0123456789abcdef".utf8)

  /// `"banner":"..."` for valid UTF-8, `"banner_b64":"..."` otherwise: lossless either way.
  public static func bannerMember(_ banner: [UInt8], name: String = "banner") -> String {
    if UTF8Validation.isValid(banner) {
      return "\"\(name)\":\(quote(bytes: banner))"
    }
    return "\"\(name)_b64\":\"\(Base64.encode(banner))\""
  }
}
