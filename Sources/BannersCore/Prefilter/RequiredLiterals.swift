/// Finds byte strings that every match of a rule must contain, so a banner can be
/// checked for all rules' literals in one pass and only the rules whose literals occur
/// need PCRE2 at all.
///
/// The prefilter and lint read them from the awk syntax tree
/// (`RequiredLiterals+Syntax.swift`). This reader of the *translated* pattern is the
/// reference that reading is tested against: `AwkRegexTranslator` emits a small
/// canonical subset of PCRE2 (literal bytes, `\xHH`, `.`, classes of `\xHH` and
/// `[:name:]`, `(`, `(?:`, `)`, `|`, `^`, `(?:$)`, and the quantifiers `* + ? {n} {n,}
/// {n,m}`), so this parser never meets awk's ambiguities.
///
/// The answer is a set of alternatives: a match contains at least one of them. `nil`
/// means "no literal is required" (`/.*/`, `/a|[0-9]/`), and the rule is always checked.
///
///     /Mercury 1\... SMTP server ready/      -> [" SMTP server ready"]   (the longest run)
///     /ESMTP Service .Worldmail /           -> ["ESMTP Service "]
///     /SLmail95|SLmailNT/                    -> ["SLmail95", "SLmailNT"]
///     /[pP][pP].*Pleased to meet you/        -> ["Pleased to meet you"]
///
/// Being conservative is what makes it correct: a run is cut at anything that is not a
/// single required byte, and an optional piece contributes nothing.
enum RequiredLiterals {
  /// The longest choice of `choices(fromTranslatedPattern:)`, or nil when there is none.
  static func extract(fromTranslatedPattern pattern: [UInt8]) -> [[UInt8]]? {
    longest(of: choices(fromTranslatedPattern: pattern))
  }

  /// Every set of alternatives that alone would do: each run of required bytes and each
  /// required group of a pattern without a top-level `|`
  /// (`/(Foo|Bar) mail service ready/` -> `["Foo", "Bar"]` or `[" mail service ready"]`),
  /// or one set for a pattern with one. The prefilter picks among them.
  static func choices(fromTranslatedPattern pattern: [UInt8]) -> [[[UInt8]]] {
    var parser = Parser(pattern: pattern)
    var choices = parser.sequence()
    if parser.index < pattern.count {  // a top-level `|`: one set, from every branch
      parser.index = 0
      choices = parser.alternation().map { [$0] } ?? []
    }
    return choices.filter { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }
  }

  /// The set whose shortest literal is longest (the first such), a good guess at the
  /// rarest when nothing else is known.
  static func longest(of choices: [[[UInt8]]]) -> [[UInt8]]? {
    var best: [[UInt8]]?
    for choice in choices where shortest(choice) > (best.map(shortest) ?? 0) { best = choice }
    return best
  }

  static func shortest(_ choice: [[UInt8]]) -> Int { choice.map(\.count).min() ?? 0 }

  private struct Parser {
    let pattern: [UInt8]
    var index = 0

    init(pattern: [UInt8]) { self.pattern = pattern }

    /// `branch ('|' branch)*`: every branch must supply a literal, or none is required.
    mutating func alternation() -> [[UInt8]]? {
      var alternatives: [[UInt8]] = []
      var allRequire = true
      while true {
        if let literals = RequiredLiterals.longest(of: sequence()) {
          alternatives += literals
        } else {
          allRequire = false
        }
        guard index < pattern.count, pattern[index] == UInt8(ascii: "|") else { break }
        index += 1
      }
      return allRequire ? alternatives : nil
    }

    /// A concatenation up to `|`, `)` or the end: its choices, each maximal run of
    /// required bytes and each required group's own alternatives.
    mutating func sequence() -> [[[UInt8]]] {
      var run: [UInt8] = []
      var choices: [[[UInt8]]] = []
      func consider(_ candidate: [[UInt8]]?) {
        guard let candidate, !candidate.isEmpty else { return }
        choices.append(candidate)
      }
      func endRun() {
        if !run.isEmpty { consider([run]) }
        run = []
      }
      while index < pattern.count {
        let byte = pattern[index]
        if byte == UInt8(ascii: "|") || byte == UInt8(ascii: ")") { break }
        let atom = self.atom()
        let (minimum, repeats) = quantifiers()
        switch atom {
        case .byte(let value) where minimum >= 1:
          run.append(value)
          if repeats { endRun() }  // `a+`: one `a` is certain, what follows is not adjacent
        case .group(let literals) where minimum >= 1:
          endRun()
          consider(literals)
        case .anchor:
          continue  // zero-width: `^ab` still requires "ab" contiguously
        default:
          endRun()  // `.`, a class, or anything optional
        }
      }
      endRun()
      return choices
    }

    enum Atom {
      case byte(UInt8)
      case group([[UInt8]]?)
      case anchor
      case other
    }

    mutating func atom() -> Atom {
      let byte = pattern[index]
      switch byte {
      case UInt8(ascii: "\\"):
        // Only `\xHH` is ever emitted.
        let value = hexValue(pattern[index + 2]) << 4 | hexValue(pattern[index + 3])
        index += 4
        return .byte(value)
      case UInt8(ascii: "["):
        skipClass()
        return .other
      case UInt8(ascii: "("):
        index += 1
        if index + 1 < pattern.count, pattern[index] == UInt8(ascii: "?"),
          pattern[index + 1] == UInt8(ascii: ":")
        {
          index += 2
        }
        let literals = alternation()
        if index < pattern.count, pattern[index] == UInt8(ascii: ")") { index += 1 }
        return .group(literals)
      case UInt8(ascii: "^"), UInt8(ascii: "$"):
        index += 1
        return .anchor
      case UInt8(ascii: "."):
        index += 1
        return .other
      default:
        index += 1
        return .byte(byte)
      }
    }

    /// Reads the quantifiers after an atom: the least number of times it must occur,
    /// and whether it may occur more than once.
    mutating func quantifiers() -> (minimum: Int, repeats: Bool) {
      var minimum = 1
      var repeats = false
      while index < pattern.count {
        switch pattern[index] {
        case UInt8(ascii: "*"):
          minimum = 0
          repeats = true
          index += 1
        case UInt8(ascii: "+"):
          repeats = true
          index += 1
        case UInt8(ascii: "?"):
          minimum = 0
          index += 1
        case UInt8(ascii: "{"):
          index += 1
          var low = 0
          while pattern[index] != UInt8(ascii: ",") && pattern[index] != UInt8(ascii: "}") {
            low = min(low * 10 + Int(pattern[index] - UInt8(ascii: "0")), 1 << 20)
            index += 1
          }
          var high = low
          if pattern[index] == UInt8(ascii: ",") {
            index += 1
            if pattern[index] == UInt8(ascii: "}") {
              high = Int.max
            } else {
              high = 0
              while pattern[index] != UInt8(ascii: "}") {
                high = min(high * 10 + Int(pattern[index] - UInt8(ascii: "0")), 1 << 20)
                index += 1
              }
            }
          }
          index += 1  // the closing brace
          if low == 0 { minimum = 0 }
          if high > 1 { repeats = true }
        default:
          return (minimum, repeats)
        }
      }
      return (minimum, repeats)
    }

    mutating func skipClass() {
      index += 1
      if index < pattern.count, pattern[index] == UInt8(ascii: "^") { index += 1 }
      while index < pattern.count {
        switch pattern[index] {
        case UInt8(ascii: "\\"): index += 4
        case UInt8(ascii: "["):
          // `[:name:]`
          while index + 1 < pattern.count
            && !(pattern[index] == UInt8(ascii: ":") && pattern[index + 1] == UInt8(ascii: "]"))
          {
            index += 1
          }
          index += 2
        case UInt8(ascii: "]"):
          index += 1
          return
        default: index += 1
        }
      }
    }

    func hexValue(_ digit: UInt8) -> UInt8 {
      digit <= UInt8(ascii: "9")
        ? digit - UInt8(ascii: "0") : (digit | 0x20) - UInt8(ascii: "a") + 10
    }
  }
}
