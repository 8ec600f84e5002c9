/// Makes hostile bytes safe to show a person: banners are written by strangers, and a
/// raw ESC or CR would let them rewrite the user's terminal.
public enum TerminalSafe {
  /// Printable ASCII passes; `\r \n \t \\` become two-character escapes; every other
  /// byte (controls, DEL, and all bytes >= 0x80, which include C1 controls) becomes `\xHH`.
  ///
  ///     TerminalSafe.escape(Array("220 ok\r\n\u{1B}[2J".utf8))   // "220 ok\\r\\n\\x1b[2J"
  public static func escape<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    let hex = Array("0123456789abcdef".utf8)
    for byte in bytes {
      switch byte {
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x20..<0x7F: out.append(byte)
      default:
        out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A string from a file we did not write (a label, a file name), made safe the same way.
  public static func escape(_ text: String) -> String { escape(Array(text.utf8)) }

  /// `escape` shortened to at most `limit` characters, with `...` when cut.
  public static func escape<C: Collection>(_ bytes: C, limit: Int) -> String
  where C.Element == UInt8 {
    let escaped = escape(bytes)
    guard escaped.count > limit, limit > 3 else { return escaped }
    return String(escaped.prefix(limit - 3)) + "..."
  }

  /// Text we composed ourselves (a diagnostic) that may quote names from outside:
  /// control characters (C0, DEL, C1) are escaped, everything else is kept as written.
  public static func escapeControls(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0..<0x20, 0x7F..<0xA0: out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
