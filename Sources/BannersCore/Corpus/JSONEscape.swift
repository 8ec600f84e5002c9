/// The backslash escapes of a JSON string, decoded in one place for the three JSON
/// readers: the flat corpus-line parser (`JSONObjectParser`), the tree of scanner
/// outputs (`JSONValue`) and the corpus line's fast path (`JSONRecordFastPath`, which
/// takes the pieces and writes into its own buffer).
///
///     \"  \\  \/      the character
///     \b \f \n \r \t  08 0C 0A 0D 09
///     \u00e9          C3 A9 (the character as UTF-8)
///     \ud83d\ude00    F0 9F 98 80 (a surrogate pair is one character)
///     \ud800          error: a lone surrogate is not Unicode
///     \u00ff          FF under `.byte` (masscan escapes bytes, not characters)
enum JSONEscape {
  /// How `\uXXXX` escapes below U+0100 become bytes.
  enum Meaning: Sendable {
    /// JSON's own: the character, as UTF-8 (`\u00e9` is C3 A9).
    case unicode
    /// masscan's: `\u00XX` is the byte XX of the banner (it escapes bytes, not text).
    case byte
  }

  struct Failure: Error {
    /// 0-based byte offset in the line.
    var offset: Int
    var message: String
  }

  /// The byte a one-letter escape stands for (`n` gives 0A), nil for `u` and for a letter
  /// JSON has no escape for.
  @inline(__always)
  static func singleByte(for letter: UInt8) -> UInt8? {
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): letter
    case UInt8(ascii: "b"): 0x08
    case UInt8(ascii: "f"): 0x0C
    case UInt8(ascii: "n"): 0x0A
    case UInt8(ascii: "r"): 0x0D
    case UInt8(ascii: "t"): 0x09
    default: nil
    }
  }

  /// The value of the four hex digits at `start`, nil when there are fewer than four or
  /// one is not a hex digit.
  @inline(__always)
  static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt32? {
    guard start >= 0, start + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for offset in 0..<4 {
      let byte = bytes[start + offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Decodes the escape whose backslash is at `backslash`, appending its bytes to `out`;
  /// returns the index after it (after both halves of a surrogate pair).
  ///
  /// - Throws: `Failure` at the offset of the bad part, with a message that names it.
  static func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, at backslash: Int, into out: inout [UInt8],
    meaning: Meaning = .unicode
  ) throws(Failure) -> Int {
    let letterIndex = backslash + 1
    guard letterIndex < bytes.count else {
      throw Failure(offset: letterIndex, message: "unterminated escape")
    }
    let letter = bytes[letterIndex]
    if let byte = singleByte(for: letter) {
      out.append(byte)
      return letterIndex + 1
    }
    guard letter == UInt8(ascii: "u") else {
      throw Failure(
        offset: backslash,
        message: "invalid escape '\\\(Character(Unicode.Scalar(letter)))' in a string")
    }
    var resume = letterIndex + 1
    guard var scalar = hex4(bytes, at: resume) else { throw notHex(bytes, at: resume) }
    resume += 4
    if meaning == .byte, scalar < 0x100 {
      out.append(UInt8(scalar))
      return resume
    }
    func lone(_ value: UInt32) -> Failure {
      Failure(
        offset: resume,
        message: "lone surrogate \\u\(String(value, radix: 16).leftPadded(to: 4))"
          + " (JSON text must be Unicode)")
    }
    if (0xD800...0xDBFF).contains(scalar) {
      guard resume + 1 < bytes.count, bytes[resume] == UInt8(ascii: "\\"),
        bytes[resume + 1] == UInt8(ascii: "u")
      else { throw lone(scalar) }
      resume += 2
      guard let low = hex4(bytes, at: resume) else { throw notHex(bytes, at: resume) }
      resume += 4
      guard (0xDC00...0xDFFF).contains(low) else {
        throw Failure(offset: resume, message: "invalid surrogate pair")
      }
      scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00...0xDFFF).contains(scalar) {
      throw lone(scalar)
    }
    appendUTF8(of: Unicode.Scalar(scalar)!, to: &out)
    return resume
  }

  /// The error for four hex digits that are not: at the first that is not one, or at
  /// `start` when the string ends first.
  private static func notHex(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Failure {
    var offset = start
    if start + 4 <= bytes.count {
      while offset < start + 3, bytes[offset].isHexDigit { offset += 1 }
    }
    return Failure(offset: offset, message: "\\u needs four hex digits")
  }

  @inline(__always)
  static func appendUTF8(of scalar: Unicode.Scalar, to out: inout [UInt8]) {
    let value = scalar.value
    switch value {
    case 0..<0x80:
      out.append(UInt8(value))
    case 0x80..<0x800:
      out.append(0xC0 | UInt8(value >> 6))
      out.append(0x80 | UInt8(value & 0x3F))
    case 0x800..<0x10000:
      out.append(0xE0 | UInt8(value >> 12))
      out.append(0x80 | UInt8(value >> 6 & 0x3F))
      out.append(0x80 | UInt8(value & 0x3F))
    default:
      out.append(0xF0 | UInt8(value >> 18))
      out.append(0x80 | UInt8(value >> 12 & 0x3F))
      out.append(0x80 | UInt8(value >> 6 & 0x3F))
      out.append(0x80 | UInt8(value & 0x3F))
    }
  }
}

extension UInt8 {
  fileprivate var isHexDigit: Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
  }
}
