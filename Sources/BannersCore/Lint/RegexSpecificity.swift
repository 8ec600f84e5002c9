#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much a regex says about a banner: the least text any of its matches must hold,
/// measured in bits, and the cheapest such text.
///
/// A byte the regex fixes (`v`) is worth 8 bits, a class of k bytes log2(256/k) bits
/// (`[0-9]` about 3.3, `[Ss]` 7), `.` and anything optional nothing. The measure is the
/// minimum over all matches: a concatenation adds, an alternation takes its weakest
/// branch, `x*` and `x?` cost nothing, `x{3}` three times `x`.
///
///     /Sendmail/                 -> 64 bits, "Sendmail"
///     / v/                       -> 16 bits, " v"      (any banner with " v" matches)
///     /[0-9][0-9][0-9]/          -> ~10 bits, "000"
///     /MERCUR|ab/                -> 16 bits, "ab"      (the weaker branch decides)
///     /.*/                       -> 0 bits, ""
///
/// It reads the *translated* pattern (the small canonical PCRE2 subset that
/// `AwkRegexTranslator` emits, as `RequiredLiterals` does), so awk's ambiguities are
/// already resolved. Anchors count for nothing: `/^2/` is as weak as `/2/` here.
struct RegexSpecificity: Sendable, Hashable {
  /// The information every match carries, in bits.
  var bits: Double
  /// The cheapest text the regex matches, printable bytes preferred.
  var fragment: [UInt8]
  /// Every alternative starts with `^` and ends with `$`: a match is the whole banner,
  /// so the regex says what the banner *is*, not a fragment it holds (`/^(a|a)*$/`
  /// matches only banners of a's, however few bits it has).
  var isWholeBanner = false

  /// The specificity of a translated pattern, or nil if the pattern is outside the
  /// subset the translator emits (then nothing is claimed about it).
  init?(translatedPattern pattern: [UInt8]) {
    var parser = Parser(pattern: pattern)
    guard let result = parser.alternation(), parser.index == pattern.count else { return nil }
    self = result
  }

  init(bits: Double, fragment: [UInt8]) {
    self.bits = bits
    self.fragment = fragment
  }

  static let empty = RegexSpecificity(bits: 0, fragment: [])

  private struct Parser {
    let pattern: [UInt8]
    var index = 0

    init(pattern: [UInt8]) { self.pattern = pattern }

    func peek(_ ahead: Int = 0) -> UInt8? {
      index + ahead < pattern.count ? pattern[index + ahead] : nil
    }

    mutating func alternation() -> RegexSpecificity? {
      guard var best = sequence() else { return nil }
      var wholeBanner = best.isWholeBanner
      while peek() == UInt8(ascii: "|") {
        index += 1
        guard let next = sequence() else { return nil }
        wholeBanner = wholeBanner && next.isWholeBanner
        if next.bits < best.bits { best = next }
      }
      best.isWholeBanner = wholeBanner
      return best
    }

    mutating func sequence() -> RegexSpecificity? {
      var total = RegexSpecificity.empty
      let startsWithCaret = peek() == UInt8(ascii: "^")
      var endsWithDollar = false
      while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
        endsWithDollar = pattern[index...].starts(with: Self.dollar)
        guard var item = atom() else { return nil }
        while let repeated = quantified(item) {
          item = repeated
          endsWithDollar = false
        }
        total.bits += item.bits
        total.fragment += item.fragment
      }
      total.isWholeBanner = startsWithCaret && endsWithDollar
      return total
    }

    /// The translator's `$`: a group, so awk's repeatable `$` stays repeatable.
    static let dollar = Array("(?:$)".utf8)

    /// Applies a quantifier after an atom, or returns nil when none follows.
    mutating func quantified(_ item: RegexSpecificity) -> RegexSpecificity? {
      guard let byte = peek() else { return nil }
      switch byte {
      case UInt8(ascii: "*"), UInt8(ascii: "?"):
        index += 1
        return .empty
      case UInt8(ascii: "+"):
        index += 1
        return item
      case UInt8(ascii: "{"):
        // The translator emits only normalised intervals: {n}, {n,}, {n,m}.
        var scan = index + 1
        var low = 0
        while scan < pattern.count, (0x30...0x39).contains(pattern[scan]) {
          low = min(low * 10 + Int(pattern[scan] - 0x30), 100_000)
          scan += 1
        }
        while scan < pattern.count, pattern[scan] != UInt8(ascii: "}") { scan += 1 }
        guard scan < pattern.count else { return nil }
        index = scan + 1
        return RegexSpecificity(
          bits: item.bits * Double(low),
          fragment: Array([[UInt8]](repeating: item.fragment, count: min(low, 64)).joined()))
      default: return nil
      }
    }

    mutating func atom() -> RegexSpecificity? {
      guard let byte = peek() else { return nil }
      switch byte {
      case UInt8(ascii: "("):
        index += 1
        if peek() == UInt8(ascii: "?"), peek(1) == UInt8(ascii: ":") { index += 2 }
        if peek() == UInt8(ascii: "$"), peek(1) == UInt8(ascii: ")") {
          index += 2
          return .empty
        }
        guard let inner = alternation(), peek() == UInt8(ascii: ")") else { return nil }
        index += 1
        return inner
      case UInt8(ascii: "^"):
        index += 1
        return .empty
      case UInt8(ascii: "."):
        index += 1
        return .empty
      case UInt8(ascii: "["):
        guard let set = bracket() else { return nil }
        return Self.specificity(of: set)
      case UInt8(ascii: "\\"):
        guard let value = hexByte() else { return nil }
        return RegexSpecificity(bits: 8, fragment: [value])
      default:
        index += 1
        return RegexSpecificity(bits: 8, fragment: [byte])
      }
    }

    /// `\xHH` at `index`.
    mutating func hexByte() -> UInt8? {
      guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "x"),
        let high = peek(2).flatMap(Self.hexValue), let low = peek(3).flatMap(Self.hexValue)
      else { return nil }
      index += 4
      return high << 4 | low
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
      switch byte {
      case 0x30...0x39: byte - 0x30
      case 0x61...0x66: byte - 0x61 + 10
      case 0x41...0x46: byte - 0x41 + 10
      default: nil
      }
    }

    /// A class as the translator writes it: `[`, `^`?, items of an alphanumeric byte or
    /// `\xHH`, `a-b` ranges, `[:name:]`, then `]`.
    mutating func bracket() -> Set<UInt8>? {
      index += 1
      var negated = false
      if peek() == UInt8(ascii: "^") {
        negated = true
        index += 1
      }
      var set = Set<UInt8>()
      while let byte = peek(), byte != UInt8(ascii: "]") {
        if byte == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
          var end = index + 2
          while end < pattern.count, pattern[end] != UInt8(ascii: ":") { end += 1 }
          let name = String(decoding: pattern[(index + 2)..<min(end, pattern.count)], as: UTF8.self)
          guard let members = Self.posixClass(name) else { return nil }
          set.formUnion(members)
          index = end + 2
          continue
        }
        guard let low = classByte() else { return nil }
        if peek() == UInt8(ascii: "-"), peek(1) != UInt8(ascii: "]") {
          index += 1
          guard let high = classByte(), low <= high else { return nil }
          set.formUnion(low...high)
        } else {
          set.insert(low)
        }
      }
      guard peek() == UInt8(ascii: "]") else { return nil }
      index += 1
      return negated ? Set(UInt8(0)...UInt8(255)).subtracting(set) : set
    }

    mutating func classByte() -> UInt8? {
      if peek() == UInt8(ascii: "\\") { return hexByte() }
      guard let byte = peek() else { return nil }
      index += 1
      return byte
    }

    /// POSIX classes in the C locale, as awk reads them on bytes.
    static func posixClass(_ name: String) -> Set<UInt8>? {
      func bytes(_ text: String) -> Set<UInt8> { Set(text.utf8) }
      let upper = Set(UInt8(ascii: "A")...UInt8(ascii: "Z"))
      let lower = Set(UInt8(ascii: "a")...UInt8(ascii: "z"))
      let digit = Set(UInt8(ascii: "0")...UInt8(ascii: "9"))
      let graph = Set(UInt8(0x21)...UInt8(0x7E))
      switch name {
      case "alpha": return upper.union(lower)
      case "digit": return digit
      case "alnum": return upper.union(lower).union(digit)
      case "upper": return upper
      case "lower": return lower
      case "space": return bytes(" \t\n\r").union([0x0B, 0x0C])
      case "blank": return bytes(" \t")
      case "punct": return graph.subtracting(upper).subtracting(lower).subtracting(digit)
      case "print": return graph.union([0x20])
      case "graph": return graph
      case "cntrl": return Set(UInt8(0)...UInt8(0x1F)).union([0x7F])
      case "xdigit": return digit.union(bytes("abcdefABCDEF"))
      default: return nil
      }
    }

    /// A class is worth log2(256/k) bits; its fragment byte is a letter or digit if it
    /// holds one, else a printable byte, else its lowest byte.
    static func specificity(of set: Set<UInt8>) -> RegexSpecificity? {
      guard !set.isEmpty else { return nil }
      let sorted = set.sorted()
      let sample =
        sorted.first { $0.isASCIIAlphanumeric }
        ?? sorted.first { (0x20..<0x7F).contains($0) } ?? sorted[0]
      return RegexSpecificity(bits: log2(256 / Double(set.count)), fragment: [sample])
    }
  }
}
