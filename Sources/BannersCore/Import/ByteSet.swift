/// A set of bytes (0-255): what one position of a translated regex may match.
///
///     var digits = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
///     digits.contains(UInt8(ascii: "7"))  // true
public struct ByteSet: Hashable, Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  public init() {}

  public init(_ range: ClosedRange<UInt8>) { insert(range) }

  public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
    for byte in bytes { insert(byte) }
  }

  public static let all: ByteSet = ByteSet(0...255)

  public static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
    lhs.words == rhs.words
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }

  public func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  public mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  public mutating func insert(_ range: ClosedRange<UInt8>) {
    for byte in range { insert(byte) }
  }

  public mutating func formUnion(_ other: ByteSet) {
    words.0 |= other.words.0
    words.1 |= other.words.1
    words.2 |= other.words.2
    words.3 |= other.words.3
  }

  public func union(_ other: ByteSet) -> ByteSet {
    var result = self
    result.formUnion(other)
    return result
  }

  public var inverted: ByteSet {
    var result = ByteSet()
    result.words = (~words.0, ~words.1, ~words.2, ~words.3)
    return result
  }

  public var count: Int {
    words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount
      + words.3.nonzeroBitCount
  }

  public var isEmpty: Bool { count == 0 }

  /// The bytes in ascending order.
  public var bytes: [UInt8] { (0...255).filter { contains(UInt8($0)) }.map { UInt8($0) } }

  /// The set with each ASCII letter's other case added: what a case-insensitive match
  /// of these bytes accepts without UTF (PCRE2's default tables, Ruby on ASCII).
  public var caseFolded: ByteSet {
    var result = self
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") {
      if contains(byte) || contains(byte | 0x20) {
        result.insert(byte)
        result.insert(byte | 0x20)
      }
    }
    return result
  }

  /// Runs of consecutive bytes, ascending.
  public var ranges: [ClosedRange<UInt8>] {
    var result: [ClosedRange<UInt8>] = []
    var start: Int?
    for value in 0...256 {
      let present = value < 256 && contains(UInt8(value))
      if present, start == nil { start = value }
      if !present, let first = start {
        result.append(UInt8(first)...UInt8(value - 1))
        start = nil
      }
    }
    return result
  }
}

extension ByteSet {
  /// `\d`: ASCII digits (PCRE2 without UCP, Ruby).
  public static let digits = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
  /// `\w`: ASCII letters, digits and `_`.
  public static let word: ByteSet = {
    var set = digits
    set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
    set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
    set.insert(UInt8(ascii: "_"))
    return set
  }()
  /// `\s`: space, `\t \n \v \f \r` (Perl since 5.18, PCRE2, Ruby).
  public static let space = ByteSet([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
  /// Perl's `\h` without UTF: tab, space, and 0xA0 (NBSP in Latin-1).
  public static let horizontalSpace = ByteSet([0x09, 0x20, 0xA0])
  /// Perl's `\v` without UTF: `\n \v \f \r` and 0x85 (NEL in Latin-1).
  public static let verticalSpace = ByteSet([0x0A, 0x0B, 0x0C, 0x0D, 0x85])
  /// Ruby's `\h`: a hexadecimal digit.
  public static let hexDigits: ByteSet = {
    var set = digits
    set.insert(UInt8(ascii: "a")...UInt8(ascii: "f"))
    set.insert(UInt8(ascii: "A")...UInt8(ascii: "F"))
    return set
  }()
  /// Every byte but `\n`: `.` without DOTALL.
  public static let notNewline = ByteSet([0x0A]).inverted

  /// A POSIX class by name, C locale: `alpha`, `digit`, ...; nil for an unknown name.
  public static func posixClass(_ name: String) -> ByteSet? {
    func set(_ predicate: (UInt8) -> Bool) -> ByteSet { ByteSet((0...127).filter(predicate)) }
    let isUpper: (UInt8) -> Bool = { (65...90).contains($0) }
    let isLower: (UInt8) -> Bool = { (97...122).contains($0) }
    let isDigit: (UInt8) -> Bool = { (48...57).contains($0) }
    switch name {
    case "alpha": return set { isUpper($0) || isLower($0) }
    case "digit": return digits
    case "alnum": return set { isUpper($0) || isLower($0) || isDigit($0) }
    case "upper": return set(isUpper)
    case "lower": return set(isLower)
    case "space": return space
    case "blank": return ByteSet([0x20, 0x09])
    case "punct":
      return set { (33...126).contains($0) && !isUpper($0) && !isLower($0) && !isDigit($0) }
    case "print": return set { (32...126).contains($0) }
    case "graph": return set { (33...126).contains($0) }
    case "cntrl": return set { $0 < 32 || $0 == 127 }
    case "xdigit": return hexDigits
    case "word": return word
    case "ascii": return set { _ in true }
    default: return nil
    }
  }
}
