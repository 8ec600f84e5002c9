/// What the importers need of `ByteSet` (Automata/ByteSet.swift) beyond the automata:
/// ranges, case folding, and the named classes of Perl, Ruby and POSIX.
///
///     var digits = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
///     digits.contains(UInt8(ascii: "7"))  // true
extension ByteSet {
  public init(_ range: ClosedRange<UInt8>) {
    self.init()
    insert(range)
  }

  public mutating func insert(_ range: ClosedRange<UInt8>) {
    for byte in range { insert(byte) }
  }

  public mutating func formUnion(_ other: ByteSet) { self = union(other) }

  public var count: Int {
    w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
  }

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
