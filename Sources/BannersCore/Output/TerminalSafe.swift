/// Makes hostile bytes safe to show a person: banners are written by strangers, and a
/// raw ESC or CR would let them rewrite the user's terminal.
///
/// One policy for every byte that reaches stdout or stderr (issue 12): a *control* is
/// a C0 control, DEL, a C1 control (U+0080-U+009F, which terminals may read as ESC
/// sequences: U+009B is CSI), or a bidirectional override or isolate (U+061C, U+200E,
/// U+200F, U+202A-U+202E, U+2066-U+2069), which reorder what a person reads without
/// being seen. Controls never leave banners raw: tables and messages write them as
/// `\xHH` or `\uHHHH`, JSON as `\uHHHH`, the exported awk program as octal escapes.
public enum TerminalSafe {
  /// True for the scalars the policy above calls controls.
  ///
  ///     TerminalSafe.isControl("\u{1B}")    // true
  ///     TerminalSafe.isControl("\u{202E}")  // true (right-to-left override)
  ///     TerminalSafe.isControl("é")         // false
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F..<0xA0, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
      true
    default: false
    }
  }

  /// Splits `bytes` into runs to copy and runs to escape: `body(range, safe)` is called
  /// for each run in order. A run is unsafe when its bytes are a control scalar (all of
  /// its UTF-8 bytes, so a C1 code or an override is escaped whole) or not valid UTF-8
  /// (a lone byte, escaped alone). Tab and newline are unsafe too; callers that keep
  /// them (line structure) check for them first.
  public static func forEachRun(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, _ safe: Bool) -> Void
  ) {
    var index = 0
    var safeStart = 0
    while index < bytes.count {
      let length = scalarLength(bytes, at: index)
      let isUnsafe: Bool
      if length == 0 {
        isUnsafe = true
      } else if length == 1 {
        isUnsafe = bytes[index] < 0x20 || bytes[index] == 0x7F
      } else {
        isUnsafe = isControl(decode(bytes, at: index, length: length))
      }
      guard isUnsafe else {
        index += length
        continue
      }
      if safeStart < index { body(safeStart..<index, true) }
      let end = index + max(length, 1)
      body(index..<end, false)
      index = end
      safeStart = end
    }
    if safeStart < bytes.count { body(safeStart..<bytes.count, true) }
  }

  /// The length of the valid UTF-8 scalar at `index`, or 0 when the byte there does
  /// not start one (overlong forms and surrogates included).
  static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
    let first = bytes[index]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch first {
    case 0..<0x80: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: return 0
    }
    guard index + length <= bytes.count else { return 0 }
    guard (low...high).contains(bytes[index + 1]) else { return 0 }
    for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[index + offset]) {
      return 0
    }
    return length
  }

  private static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int
  ) -> Unicode.Scalar {
    var value = UInt32(bytes[index]) & (0xFF >> (length + 1))
    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  /// Printable ASCII passes; `\r \n \t \\` become two-character escapes; every other
  /// byte (controls, DEL, and all bytes >= 0x80, which include C1 controls) becomes `\xHH`.
  ///
  ///     TerminalSafe.escape(Array("220 ok\r\n\u{1B}[2J".utf8))   // "220 ok\\r\\n\\x1b[2J"
  public static func escape<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    appendEscaped(bytes, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `escape(bytes)` appended to `out` as bytes, with no `String` built: the per-record
  /// printers' path. A run of bytes that need no escape is copied whole.
  public static func appendEscaped<C: Collection>(_ bytes: C, to out: inout [UInt8])
  where C.Element == UInt8 {
    if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
      out.append(contentsOf: bytes)
      return
    }
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
  /// controls are escaped (`\r \n \t`, `\xHH` up to U+00FF, `\uHHHH` above), everything
  /// else is kept as written.
  ///
  ///     TerminalSafe.escapeControls("evil\u{202E}txt.rules")   // "evil\\u202etxt.rules"
  public static func escapeControls(_ text: String) -> String {
    escapeControls(text, keepingLineBreaks: false)
  }

  /// `escapeControls`, keeping `\n` and `\t` as they are: for whole messages on stderr,
  /// whose lines and columns are ours.
  public static func escapeControls(_ text: String, keepingLineBreaks: Bool) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A where keepingLineBreaks, 0x09 where keepingLineBreaks:
        out.unicodeScalars.append(scalar)
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case _ where isControl(scalar):
        out += scalar.value < 0x100 ? "\\x" : "\\u"
        out += String(scalar.value, radix: 16).leftPadded(to: scalar.value < 0x100 ? 2 : 4)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private static let hex = Array("0123456789abcdef".utf8)
}
