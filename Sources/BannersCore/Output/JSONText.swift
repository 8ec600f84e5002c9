/// Writing JSON text by hand (JSON Lines output is a hot path, and field order is part
/// of the contract).
public enum JSONText {
  /// `value` as a JSON string literal, quotes included.
  public static func quote(_ value: String) -> String {
    quote(bytes: Array(value.utf8))
  }

  /// Valid UTF-8 `bytes` as a JSON string literal.
  static func quote(bytes: [UInt8]) -> String {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    out.reserveCapacity(bytes.count + 2)
    let hex = Array("0123456789abcdef".utf8)
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20, 0x7F:
        out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }

  /// `"banner":"..."` for valid UTF-8, `"banner_b64":"..."` otherwise: lossless either way.
  public static func bannerMember(_ banner: [UInt8], name: String = "banner") -> String {
    if UTF8Validation.isValid(banner) {
      return "\"\(name)\":\(quote(bytes: banner))"
    }
    return "\"\(name)_b64\":\"\(Base64.encode(banner))\""
  }
}
