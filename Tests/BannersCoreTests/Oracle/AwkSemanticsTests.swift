import BannersCore
import BannersTestSupport
import Testing

/// One focused case per row of the awk-to-PCRE2 table on `AwkRegexTranslator`, each
/// checked against gawk, mawk and original-awk on the same rule and banner.
@Suite struct AwkSemanticsTests {
  /// Which awks banners must agree with on a case.
  enum Oracle: Sendable, CustomStringConvertible {
    case allThree
    case mawkAndOriginalAwk  // gawk reads GNU operators; we follow the other two
    case gawkAndOriginalAwk  // mawk reads intervals literally; we follow the other two
    case gawkAndMawk  // original-awk's strings end at NUL; banners keep every byte
    case gawkOnly  // the three disagree (`^*`); banners keeps gawk's reading
    var awks: [String] {
      switch self {
      case .gawkOnly: ["gawk"]
      case .allThree: ["gawk", "mawk", "original-awk"]
      case .mawkAndOriginalAwk: ["mawk", "original-awk"]
      case .gawkAndOriginalAwk: ["gawk", "original-awk"]
      case .gawkAndMawk: ["gawk", "mawk"]
      }
    }
    var description: String { awks.joined(separator: "+") }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var regex: String
    var banner: [UInt8]
    var matches: Bool
    var oracle: Oracle = .allThree
    var testDescription: String { "/\(regex)/ on \(TerminalSafe.escape(banner))" }
  }

  static func c(_ regex: String, _ banner: String, _ matches: Bool, _ oracle: Oracle = .allThree)
    -> Case
  {
    Case(regex: regex, banner: Array(banner.utf8), matches: matches, oracle: oracle)
  }

  static let cases: [Case] = [
    // `.` matches any byte, newline included (PCRE2_DOTALL).
    c("220.214", "220\n214", true), c("a.b", "a\r\nb", false), c("a..b", "a\r\nb", true),
    // `$` is the end of the subject only (PCRE2_DOLLAR_ENDONLY), and can be repeated.
    c("ready$", "ready\n", false), c("ready$", "ready", true), c("a$*", "a$", true),
    // `^` is the start of the subject only, never after a newline.
    c("^214", "220 x\r\n214 y", false), c("^220", "220 x", true), c("x(^a)", "xa", false),
    // `\/` and `\"` are the characters.
    c("PC\\/TCP", "PC/TCP", true), c("say \\\"hi", "say \"hi", true),
    // `\b` is a backspace, not a word boundary.
    c("a\\bb", "a\u{8}b", true), c("a\\bb", "a b", false), c("\\bmail", "mail", false),
    // Octal and hex escapes are bytes; `\1` is no back-reference.
    c("\\101BC", "ABC", true), c("(a)\\1", "a\u{1}", true), c("(a)\\1", "aa", false),
    c("\\x41B", "AB", true), c("\\x414", "A4", true), c("\\t", "\t", true),
    // Escaped metacharacters are literal.
    c("1\\...", "1.xx", true), c("1\\...", "1xxx", false), c("\\(PMDF", "(PMDF", true),
    // Unknown letter escapes are the letter; GNU operators too, as mawk and original-awk read them.
    c("\\q", "q", true), c("\\y", "y", true, .mawkAndOriginalAwk),
    c("\\B", "B", true, .mawkAndOriginalAwk), c("\\s", " ", false, .mawkAndOriginalAwk),
    c("\\<a", "a", false, .mawkAndOriginalAwk), c("\\w", "w", true, .mawkAndOriginalAwk),
    // Intervals, as gawk and original-awk read them; a brace that opens none is literal.
    c("a{2}", "aa", true, .gawkAndOriginalAwk), c("a{2}", "a{2}", false, .gawkAndOriginalAwk),
    c("a{1,2}b", "aab", true, .gawkAndOriginalAwk), c("ba{2,}c", "baac", true, .gawkAndOriginalAwk),
    c("a{0}b", "b", true, .gawkAndOriginalAwk),
    c("a{,2}", "a{,2}", true), c("a{x}", "a{x}", true), c("a}", "a}", true), c("a]", "a]", true),
    // Stacked quantifiers are awk, not PCRE possessive/lazy forms.
    c("x+*", "y", true), c("a**b", "b", true),
    // Unmatched `)` is literal in all three.
    c("a)", "a)", true),
    // Bracket expressions: `\` escapes inside, `]` first is literal, negation takes newline.
    c("[\\/]", "/", true), c("[]a]", "]", true), c("[a\\]]", "]", true), c("[^a]", "\n", true),
    c("[a\\-z]", "b", false), c("[\\101]", "A", true), c("[[:digit:]]x", "5x", true),
    c("[[:upper:]][[:lower:]]", "aB", false), c("[pP][pP].*Pleased", "PP 5.x Pleased", true),
    c("[a-]", "-", true), c("[^[:space:]]", " \t", false),
    // Bytes >= 0x80 are bytes, in the C locale.
    Case(regex: "caf\u{E9}", banner: [0x63, 0x61, 0x66, 0xC3, 0xA9], matches: true),
    Case(regex: "caf[^a]", banner: [0x63, 0x61, 0x66, 0xE9], matches: true),
    Case(regex: "\\351t\\351", banner: [0xE9, 0x74, 0xE9], matches: true),
    // NUL is a byte like any other.
    Case(regex: "a.b", banner: [0x61, 0x00, 0x62], matches: true, oracle: .gawkAndMawk),
    // A `#` inside the regex is no comment.
    c("unimplemented..#5.5.1", "502 unimplemented (#5.5.1)", true),
    // Issue 12's corners: the majority where there is one, each with a warning.
    c("^?a", "ba", true, .mawkAndOriginalAwk), c("b^?a", "ba", true, .gawkAndMawk),
    c("^*a", "*a", true, .gawkOnly), c("^*a", "ba", false, .gawkOnly),
    c("^+a", "+a", true, .gawkOnly), c("a$$", "a", true, .gawkAndMawk),
    c("$$", "b", true, .gawkAndMawk), c("$*", "b", true, .mawkAndOriginalAwk),
    c("$?", "", true, .mawkAndOriginalAwk), c("a$*", "", false, .gawkAndOriginalAwk),
    c("a$?", "b", false, .gawkAndOriginalAwk), c("a$+", "a", true), c("a$+", "a$", false),
    c("$+$", "a", false, .gawkAndOriginalAwk), c("$$+", "", false, .gawkAndOriginalAwk),
    c("a($+$)", "a", false, .gawkAndOriginalAwk), c("b|($+$)", "b", true),
    c("(^)$+$", "", true, .gawkAndMawk), c("($)+$", "a", true, .gawkAndMawk),
    c("a{,2}b", "ab", false, .mawkAndOriginalAwk), c("a{,2}b", "a{,2}b", true),
    c("a\\56b", "axb", false, .mawkAndOriginalAwk), c("a\\56b", "a.b", true),
    c("a\\x2eb", "axb", false, .mawkAndOriginalAwk), c("a\\174b", "b", false, .mawkAndOriginalAwk),
    c("a\\52", "b", false, .mawkAndOriginalAwk), c("[\\56]", "x", false),
  ]

  /// Every construct the three awks read differently carries a portability warning.
  @Test(arguments: [
    "^?a", "^*a", "^+a", "a$$", "$*", "$?", "a$+", "$+$", "a${2}", "($)+$", "a{,2}b", "a\\56b",
    "a\\x2eb", "a\\174b", "a\\52",
  ])
  func cornersTheAwksDisagreeOnCarryAWarning(_ regex: String) throws {
    let (rules, diagnostics) = RuleParser.parse(Array("/\(regex)/ x\n".utf8), file: "t.rules")
    #expect(rules.count == 1)
    #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("not portable") })
  }

  @Test(arguments: cases)
  func bannersMatchesLikeAwk(_ testCase: Case) throws {
    let rules = try AwkOracle.rules("/\(testCase.regex)/ yes\n")
    let ours = RuleMatcher(rules).verdict(for: testCase.banner) != .residue
    #expect(ours == testCase.matches, "banners")
    for awk in testCase.oracle.awks {
      let result = try AwkOracle.labels(awk: awk, rules: rules, banners: [testCase.banner])
      let labels = try #require(result.labels, "\(awk): \(result.error)")
      #expect(labels == [testCase.matches ? "yes" : "not sure"], "\(awk) disagrees")
    }
  }

  struct Rejected: Sendable, CustomTestStringConvertible {
    var rule: String
    var column: Int
    var message: String
    var testDescription: String { rule }
  }

  /// PCRE-only syntax is an error in the awk dialect, named at its column.
  static let rejected: [Rejected] = [
    .init(rule: "/(?:ab)/ x", column: 2, message: "'(?' is PCRE syntax"),
    .init(rule: "/ESMTP (?i)sendmail/ x", column: 8, message: "'(?' is PCRE syntax"),
    .init(rule: "/a*?b/ x", column: 4, message: "PCRE lazy quantifier"),
    .init(rule: "/a++/ x", column: 4, message: "PCRE possessive quantifier"),
    .init(rule: "/v\\d+/ x", column: 3, message: "'\\d' is PCRE syntax"),
    .init(rule: "/\\Asendmail/ x", column: 2, message: "'\\A' is PCRE syntax"),
    .init(rule: "/*ready/ x", column: 2, message: "nothing to repeat"),
    .init(rule: "/a|+b/ x", column: 4, message: "nothing to repeat"),
    .init(rule: "/(ab/ x", column: 2, message: "unmatched '('"),
    .init(rule: "/[ab/ x", column: 2, message: "unterminated bracket expression"),
    .init(rule: "/[z-a]/ x", column: 3, message: "range out of order"),
    .init(rule: "/[[:word:]]/ x", column: 3, message: "unknown character class"),
    .init(rule: "/[[.a.]]/ x", column: 3, message: "collating elements"),
    .init(rule: "/a{3,1}/ x", column: 3, message: "wrong way round"),
  ]

  @Test(arguments: rejected)
  func pcreOnlySyntaxIsAnErrorAtItsColumn(_ testCase: Rejected) throws {
    let error = try #require(throws: InputError.self) {
      try AwkOracle.rules(testCase.rule + "\n", file: "r.rules")
    }
    let diagnostic = try #require(error.diagnostics.first)
    #expect(
      diagnostic.location == SourceLocation(file: "r.rules", line: 1, column: testCase.column))
    #expect(diagnostic.message.contains(testCase.message), "\(diagnostic.message)")
  }
}
