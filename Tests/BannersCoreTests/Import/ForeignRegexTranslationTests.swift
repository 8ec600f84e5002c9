import Testing

@testable import BannersCore

/// One translation rule of `ForeignRegex+Awk.swift`, checked by running the source regex
/// (PCRE2, the source's flags) and its awk translation on the same banners.
struct TranslationCase: CustomTestStringConvertible, Sendable {
  var rule: String
  var flavor: ForeignRegex.Flavor
  var pattern: String
  var flags: ForeignRegex.Flags = []
  /// What PCRE2 runs where Ruby's syntax differs from PCRE2's.
  var pcre2Pattern: String?
  var seeds: [String]

  var testDescription: String { "\(rule): \(flavor.rawValue) \(pattern)" }
}

private let cases: [TranslationCase] = [
  // Classes as bracket expressions.
  .init(rule: "\\d", flavor: .pcre, pattern: "v\\d\\.\\d", seeds: ["v8.12", "va.1"]),
  .init(rule: "\\D", flavor: .pcre, pattern: "^\\D+$", seeds: ["abc", "a1", "x\n"]),
  .init(
    rule: "\\s", flavor: .pcre, pattern: "220\\sok", seeds: ["220 ok", "220\tok", "220\u{0B}ok"]),
  .init(rule: "\\S", flavor: .ruby, pattern: "^\\S+ ESMTP", seeds: ["mx ESMTP", " ESMTP"]),
  .init(rule: "\\w", flavor: .pcre, pattern: "^[\\w.-]+ ok", seeds: ["mx-1.a_b ok", "m/x ok"]),
  .init(rule: "\\W", flavor: .ruby, pattern: "a\\Wb", seeds: ["a b", "a_b", "a\nb"]),
  .init(
    rule: "negated class", flavor: .pcre, pattern: "^[^ ]+ \\(", seeds: ["a (", "a\n (", " ("]),
  .init(
    rule: "POSIX class", flavor: .pcre, pattern: "[[:digit:]][[:alpha:]]", seeds: ["1a", "a1"]),
  .init(
    rule: "class with escapes", flavor: .pcre, pattern: "[\\]\\-\\\\^]x",
    seeds: ["]x", "^x", "\\x"]),
  .init(
    rule: "range in class", flavor: .ruby, pattern: "^[a-f0-3]+$", seeds: ["af03", "ag", "a\n"]),
  // Groups.
  .init(rule: "(?:...)", flavor: .pcre, pattern: "(?:ab|cd)e", seeds: ["abe", "cde", "ace"]),
  .init(rule: "capture group", flavor: .ruby, pattern: "(a|bc)+d", seeds: ["abcad", "d", "bd"]),
  .init(rule: "named group", flavor: .ruby, pattern: "(?<v>\\d+)\\.x", seeds: ["12.x", ".x"]),
  .init(
    rule: "empty alternative", flavor: .pcre, pattern: "^a(b|)c", seeds: ["abc", "ac", "abbc"]),
  .init(rule: "comment group", flavor: .pcre, pattern: "a(?#note)b", seeds: ["ab", "a b"]),
  // Quantifiers.
  .init(rule: "lazy *?", flavor: .pcre, pattern: "^a.*?b$", seeds: ["axxb", "ab\n", "a\nb"]),
  .init(rule: "lazy +?", flavor: .ruby, pattern: "a+?b", seeds: ["aab", "b"]),
  .init(rule: "lazy ??", flavor: .pcre, pattern: "^ab??c", seeds: ["ac", "abc", "abbc"]),
  .init(rule: "{n}", flavor: .pcre, pattern: "^a{3}$", seeds: ["aaa", "aa", "aaaa"]),
  .init(rule: "{n,}", flavor: .pcre, pattern: "^a{2,}b", seeds: ["aab", "ab", "aaaab"]),
  .init(rule: "{n,m}", flavor: .ruby, pattern: "^a{1,3}$", seeds: ["a", "aaa", "aaaa", ""]),
  .init(rule: "{n,m}?", flavor: .pcre, pattern: "^a{1,2}?b", seeds: ["ab", "aab", "aaab"]),
  .init(
    rule: "large interval", flavor: .ruby, pattern: "^[^ ]{1,40} x",
    seeds: [
      "abc x", String(repeating: "a", count: 41) + " x", String(repeating: "b", count: 40) + " x",
    ]),
  .init(
    rule: "Ruby {,n}", flavor: .ruby, pattern: "^a{,2}b", pcre2Pattern: "^a{0,2}b",
    seeds: ["b", "aab", "aaab"]),
  .init(rule: "PCRE2 {,n} is literal", flavor: .pcre, pattern: "a{,2}", seeds: ["a{,2}", "aa"]),
  .init(rule: "literal {", flavor: .pcre, pattern: "x{y}", seeds: ["x{y}", "xy"]),
  .init(
    rule: "nested loop (x+)*", flavor: .ruby, pattern: "^a(.+)* h", seeds: ["ab h", "a h", "a\n h"]),
  .init(rule: "nested loop (x*)+", flavor: .pcre, pattern: "^(a*)+b", seeds: ["aab", "b", "c"]),
  // Case-insensitive.
  .init(
    rule: "i flag on letters", flavor: .pcre, pattern: "esmtp", flags: [.caseless],
    seeds: ["ESMTP", "eSmTp", "esmt"]),
  .init(
    rule: "i flag on classes", flavor: .ruby, pattern: "^[a-c]x[^d]", flags: [.caseless],
    seeds: ["Bxe", "bXD", "dxa"]),
  .init(
    rule: "(?i)", flavor: .ruby, pattern: "(?i)^smtp ready",
    seeds: ["SMTP Ready", "smtp ready", "smtp  ready"]),
  .init(rule: "(?i:...)", flavor: .pcre, pattern: "(?i:ab)c", seeds: ["ABc", "abC", "aBc"]),
  .init(
    rule: "(?-i)", flavor: .pcre, pattern: "a(?-i)b", flags: [.caseless], seeds: ["Ab", "AB", "ab"]),
  // Dot.
  .init(rule: ". without DOTALL", flavor: .pcre, pattern: "a.b", seeds: ["axb", "a\nb", "a\rb"]),
  .init(rule: ". with s", flavor: .pcre, pattern: "a.b", flags: [.dotAll], seeds: ["axb", "a\nb"]),
  .init(
    rule: ". with Ruby m", flavor: .ruby, pattern: "a.b", flags: [.dotAll], seeds: ["axb", "a\nb"]),
  .init(rule: "(?s)", flavor: .pcre, pattern: "(?s)a.b", seeds: ["a\nb", "ab"]),
  .init(rule: "\\N", flavor: .pcre, pattern: "a\\Nb", seeds: ["axb", "a\nb"]),
  // Bytes.
  .init(rule: "\\r\\n", flavor: .pcre, pattern: "ok\\r\\n", seeds: ["ok\r\n", "ok\n", "ok\r"]),
  .init(rule: "\\xHH", flavor: .pcre, pattern: "\\x41\\x0d\\xff", seeds: ["A\r\u{FF}", "A\r"]),
  .init(rule: "\\x{HH}", flavor: .pcre, pattern: "\\x{41}\\x{0}z", seeds: ["A\0z", "Az"]),
  .init(rule: "\\0 and octal", flavor: .pcre, pattern: "a\\0\\011b", seeds: ["a\0\tb", "ab"]),
  .init(
    rule: "\\t \\f \\e \\a", flavor: .pcre, pattern: "\\t\\f\\e\\a", seeds: ["\t\u{0C}\u{1B}\u{07}"]
  ),
  .init(rule: "\\cX", flavor: .pcre, pattern: "\\cA\\cm", seeds: ["\u{01}\r", "\u{01}"]),
  .init(
    rule: "escaped metacharacters", flavor: .pcre, pattern: "\\$1\\.\\*\\/\\(\\)",
    seeds: ["$1.*/()", "$1x*/()"]),
  .init(rule: "slash", flavor: .ruby, pattern: "a/b", seeds: ["a/b", "ab"]),
  .init(
    rule: "high bytes", flavor: .pcre, pattern: "\u{E9}t\u{E9}", seeds: ["\u{E9}t\u{E9}", "ete"]),
  .init(rule: "\\Q...\\E", flavor: .pcre, pattern: "\\Q.*\\E!", seeds: [".*!", "ab!"]),
  .init(rule: "\\K", flavor: .pcre, pattern: "ab\\Kc", seeds: ["abc", "ac"]),
  .init(
    rule: "Ruby \\h", flavor: .ruby, pattern: "^\\h+$", pcre2Pattern: "^[0-9a-fA-F]+$",
    seeds: ["00ff", "0g", "Ab\n"]),
  .init(
    rule: "PCRE \\h", flavor: .pcre, pattern: "a\\hb", seeds: ["a b", "a\tb", "a\u{A0}b", "a\nb"]),
  .init(rule: "PCRE \\v", flavor: .pcre, pattern: "a\\vb", seeds: ["a\nb", "a\u{85}b", "a b"]),
  .init(
    rule: "Ruby \\v", flavor: .ruby, pattern: "a\\vb", pcre2Pattern: "a\\x0bb",
    seeds: ["a\u{0B}b", "a\nb"]),
  // Anchors, Nmap (PCRE2): ^ start, $ end or before a final newline.
  .init(rule: "PCRE ^", flavor: .pcre, pattern: "^220", seeds: ["220 x", "x\n220"]),
  .init(rule: "PCRE $", flavor: .pcre, pattern: "ok$", seeds: ["ok", "ok\n", "ok\n\n", "ok\r\n"]),
  .init(rule: "\\A \\z", flavor: .pcre, pattern: "\\Aok\\z", seeds: ["ok", "ok\n", "\nok"]),
  .init(rule: "\\Z", flavor: .pcre, pattern: "ok\\Z", seeds: ["ok", "ok\n", "ok\nx"]),
  .init(
    rule: "(?m)^ and $", flavor: .pcre, pattern: "(?m)^ok$", seeds: ["x\nok\ny", "ok", "xok\n"]),
  .init(rule: "m flag", flavor: .pcre, pattern: "^b", flags: [.multiline], seeds: ["a\nb", "ab"]),
  .init(
    rule: "anchors in branches", flavor: .pcre, pattern: "^a|b$", seeds: ["ax", "xb\n", "xa", "bx"]),
  .init(rule: "$ after a group", flavor: .pcre, pattern: "(a|b)$", seeds: ["a\n", "b", "ab\nc"]),
  // Anchors, Recog (Ruby): ^ and $ at every line.
  .init(rule: "Ruby ^", flavor: .ruby, pattern: "^220", seeds: ["220", "x\n220", "x220"]),
  .init(rule: "Ruby $", flavor: .ruby, pattern: "ok$", seeds: ["ok\nx", "ok", "okx"]),
  .init(rule: "Ruby \\A \\z", flavor: .ruby, pattern: "\\Aok\\z", seeds: ["ok", "x\nok", "ok\n"]),
  .init(rule: "Ruby \\Z", flavor: .ruby, pattern: "ok\\Z", seeds: ["ok\n", "ok\nx", "ok"]),
  .init(
    rule: "Ruby optional group at start", flavor: .ruby, pattern: "(?:^x)?y$",
    seeds: ["xy", "y", "y\n", "zy"]),
  // Multibyte characters in Ruby are repeated whole.
  .init(
    rule: "Ruby multibyte literal", flavor: .ruby, pattern: "^\u{E9}+$",
    pcre2Pattern: "^(?:\u{E9})+$", seeds: ["\u{E9}\u{E9}", "\u{E9}"]),
]

@Suite struct ForeignRegexTranslationTests {
  @Test(arguments: cases)
  func translationAgreesWithPCRE2(_ testCase: TranslationCase) throws {
    let oracle = try ForeignRegexOracle(
      testCase.pattern, flavor: testCase.flavor, flags: testCase.flags,
      pcre2Pattern: testCase.pcre2Pattern)
    var matched = 0
    var missed = 0
    var disagreements: [String] = []
    for banner in comparisonBanners(for: testCase.pattern, seeds: testCase.seeds) {
      let expected = try oracle.sourceMatches(banner)
      if expected { matched += 1 } else { missed += 1 }
      if oracle.translationMatches(banner) != expected, disagreements.count < 5 {
        disagreements.append("\(TerminalSafe.escape(banner)) source: \(expected)")
      }
    }
    #expect(
      disagreements.isEmpty,
      "awk /\(oracle.awk)/ differs from the source on: \(disagreements)")
    // Both answers must occur, or the comparison shows nothing.
    #expect(matched > 0 && missed > 0, "matched \(matched), missed \(missed)")
  }

  struct Pinned: Sendable, CustomTestStringConvertible {
    var pattern: String
    var flavor: ForeignRegex.Flavor
    var flags: ForeignRegex.Flags = []
    var awk: String
    var testDescription: String { "\(flavor.rawValue) \(pattern)" }
  }

  @Test(arguments: [
    Pinned(
      pattern: "^220[\\s-].*smtp", flavor: .pcre, flags: .caseless,
      awk: "^220[\\t-\\r \\-][^\\n]*[Ss][Mm][Tt][Pp]"),
    Pinned(pattern: "ok$", flavor: .pcre, awk: "ok(\\n)?$"),
    Pinned(pattern: "^ok$", flavor: .ruby, awk: "(^|\\n)ok(\\n|$)"),
    Pinned(pattern: "a{2,3}", flavor: .pcre, awk: "aaa?"),
    Pinned(pattern: "(a|)b", flavor: .pcre, awk: "a?b"),
    Pinned(pattern: "a/b", flavor: .pcre, awk: "a\\/b"),
  ])
  func translationIsReadable(_ pinned: Pinned) {
    let regex = ForeignRegex.parse(
      Array(pinned.pattern.utf8), flavor: pinned.flavor, flags: pinned.flags)
    #expect(String(decoding: regex.awkRegex().source, as: UTF8.self) == pinned.awk)
  }
}
