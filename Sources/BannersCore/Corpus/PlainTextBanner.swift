/// The plain-text corpus form: one banner a line, with `\r`, `\n`, `\t` and `\\`
/// escaped, for quick use from a shell pipe.
///
///     220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8; ready\r\n214 End of HELP info\r\n
///
/// A backslash before any other byte stands for itself (`\x` stays `\x`), so text
/// that was never escaped reads back unchanged.
public enum PlainTextBanner {
  public static func unescape<C: Collection>(_ line: C) -> [UInt8] where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(line.count)
    var pendingBackslash = false
    for byte in line {
      if pendingBackslash {
        pendingBackslash = false
        switch byte {
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        default:
          out.append(UInt8(ascii: "\\"))
          out.append(byte)
        }
      } else if byte == UInt8(ascii: "\\") {
        pendingBackslash = true
      } else {
        out.append(byte)
      }
    }
    if pendingBackslash { out.append(UInt8(ascii: "\\")) }
    return out
  }

  public static func escape<C: Collection>(_ banner: C) -> [UInt8] where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(banner.count + 8)
    for byte in banner {
      switch byte {
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      default: out.append(byte)
      }
    }
    return out
  }
}
