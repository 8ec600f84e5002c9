import BannersCore

/// Random awk regexes and banners for differential tests: the parser against the old
/// translator, the automata against PCRE2. Small alphabets on purpose, so random
/// banners often match random regexes.
public struct RandomAwkRegex {
  public var random: SeededRandom

  public init(seed: UInt64) { random = SeededRandom(seed: seed) }

  /// Bytes of awk syntax in any order, valid or not (for parser comparisons).
  public mutating func tokenSoup(maxTokens: Int = 12) -> [UInt8] {
    let tokens = [
      "a", "b", "ab", "\\", "[", "]", "^", "$", "(", ")", "|", "*", "+", "?", "{", "}", ",",
      "2", "{2}", "{1,3}", "{,2}", ".", "-", ":", "\\x2e", "\\n", "\\56", "\\.", "\\y", "\\d",
      "[:alpha:]", "[^a]", "[a-c]", "\r", "\u{80}", "(?", "\\/", " ", "{2,}", "=", "[.",
    ]
    var out: [UInt8] = []
    for _ in 0..<Int.random(in: 0...maxTokens, using: &random) {
      out += Array(tokens.randomElement(using: &random)!.utf8)
    }
    return out
  }

  /// A well-formed awk regex on which the three awks and PCRE2 agree: literals from a
  /// small alphabet, `.`, brackets, groups, alternation, `* + ?`, intervals and
  /// anchors (at any position, which awk allows).
  public mutating func wellFormed(depth: Int = 3) -> [UInt8] {
    var out: [UInt8] = []
    for branch in 0..<Int.random(in: 1...(depth > 1 ? 3 : 1), using: &random) {
      if branch > 0 { out.append(UInt8(ascii: "|")) }
      for _ in 0..<Int.random(in: 1...4, using: &random) { out += item(depth: depth) }
    }
    return out
  }

  mutating func item(depth: Int) -> [UInt8] {
    var atom: [UInt8]
    switch Int.random(in: 0..<20, using: &random) {
    case 0..<8:
      atom = [
        [UInt8(ascii: "a"), UInt8(ascii: "b"), 0x0D, 0x0A, 0xE9].randomElement(using: &random)!
      ]
    case 8: atom = Array(".".utf8)
    case 9:
      atom = Array(
        ["[ab]", "[^a]", "[a-c\\r]", "[[:alpha:]]", "[^\\n]", "[\\x80-\\xff]"].randomElement(
          using: &random)!.utf8)
    case 10: return Array("^".utf8)
    case 11: return Array("$".utf8)
    case 12..<15 where depth > 1:
      atom = Array("(".utf8) + wellFormed(depth: depth - 1) + Array(")".utf8)
    default: atom = Array(["a", "b", "\\r\\n", "\\."].randomElement(using: &random)!.utf8)
    }
    if Int.random(in: 0..<4, using: &random) == 0 {
      atom += Array(["*", "+", "?", "{2}", "{1,2}", "{0,}"].randomElement(using: &random)!.utf8)
    }
    return atom
  }

  /// A banner over the alphabet the regexes use, sometimes CRLF-terminated.
  public mutating func banner(maxLength: Int = 8) -> [UInt8] {
    let alphabet: [UInt8] = [
      UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "c"), UInt8(ascii: "."), 0x0D, 0x0A,
      0xE9, 0xFF,
    ]
    var out = (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in
      alphabet.randomElement(using: &random)!
    }
    if Int.random(in: 0..<4, using: &random) == 0 { out += [0x0D, 0x0A] }
    return out
  }
}
