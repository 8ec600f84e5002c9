// awk escapes, in and out of brackets: octal and hex bytes, `\b` as backspace, `\/`,
// and the PCRE-only and GNU escapes that awk reads differently.
extension AwkRegexParser {
  /// Reads the escape at `position` (a backslash) and returns the byte it stands for.
  mutating func escape(insideBracket: Bool) throws(AwkRegexTranslator.Note) -> UInt8 {
    let start = position
    guard position + 1 < source.count else {
      throw error(at: start, "trailing backslash: write \\\\ for a literal backslash")
    }
    let next = source[position + 1]
    position += 2
    switch next {
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "t"): return 0x09
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "v"): return 0x0B
    case UInt8(ascii: "a"): return 0x07
    case UInt8(ascii: "b"): return 0x08  // backspace in awk, never a word boundary
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = Int(next - UInt8(ascii: "0"))
      var digits = 1
      while digits < 3, position < source.count, let digit = digitValue(source[position], radix: 8)
      {
        value = value * 8 + digit
        position += 1
        digits += 1
      }
      return UInt8(truncatingIfNeeded: value)
    case UInt8(ascii: "x"):
      var value = 0
      var digits = 0
      while digits < 2, position < source.count, let digit = digitValue(source[position], radix: 16)
      {
        value = value * 16 + digit
        position += 1
        digits += 1
      }
      if digits == 0 {
        notes.append(.init(offset: start, message: "'\\x' without hex digits is not portable"))
        return next
      }
      return UInt8(value)
    default:
      let letter = Character(Unicode.Scalar(next))
      if Self.pcreOnlyEscapes.contains(next) {
        throw error(
          at: start,
          "'\\\(letter)' is PCRE syntax, not awk (awk reads it as the letter '\(letter)'); use a bracket expression such as [0-9] or [ \\t]"
        )
      }
      if Self.gnuOperators.contains(next) {
        if insideBracket { return next }
        notes.append(
          .init(
            offset: start,
            message:
              "'\\\(letter)' is not portable: gawk reads it as an operator, mawk and original-awk as the letter '\(letter)' (banners follows them)"
          ))
      }
      return next
    }
  }

  static let pcreOnlyEscapes = Set("dDhHNRKAzZGQEpPXgkC".utf8)
  static let gnuOperators = Set("yB<>wWsS`'".utf8)

  /// The value of a digit in `radix` (8, 10 or 16), or nil when `byte` is not one.
  func digitValue(_ byte: UInt8, radix: Int) -> Int? {
    let value: Int
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
    default: return nil
    }
    return value < radix ? value : nil
  }
}
