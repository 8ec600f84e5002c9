import Testing

@testable import BannersCore

/// What has no exact awk meaning is named, and `--approximate`'s stand-in matches every
/// banner the source matches (a superset), checked with PCRE2 on the source's flags.
@Suite struct ForeignRegexObstacleTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var pattern: String
    var flavor: ForeignRegex.Flavor = .pcre
    var reason: String
    var approximable: Bool
    var seeds: [String] = []
    var testDescription: String { "\(flavor.rawValue) \(pattern)" }
  }

  static let cases: [Case] = [
    Case(
      pattern: "^(a+)x\\1$", reason: "back-reference \\1", approximable: true,
      seeds: ["aaxaa", "axaa"]),
    Case(pattern: "a(?=b)", reason: "look-ahead (?=", approximable: true, seeds: ["ab", "ac"]),
    Case(pattern: "a(?!b)", reason: "look-ahead (?!", approximable: true, seeds: ["ab", "ac"]),
    Case(pattern: "(?<=a)b", reason: "look-behind (?<=", approximable: true, seeds: ["ab", "cb"]),
    Case(pattern: "(?<!a)b", reason: "look-behind (?<!", approximable: true, seeds: ["ab", "cb"]),
    Case(
      pattern: "\\bmail\\b", reason: "word boundary \\b", approximable: true,
      seeds: ["a mail", "email"]),
    Case(pattern: "a\\Bb", reason: "word boundary \\B", approximable: true, seeds: ["ab", "a b"]),
    Case(
      pattern: "^a++b", reason: "possessive quantifier", approximable: true, seeds: ["aab", "b"]),
    Case(pattern: "^(?>a+)b", reason: "atomic group", approximable: true, seeds: ["aab", "ab"]),
    Case(
      pattern: "a^b", reason: "anchor '^' inside the pattern", approximable: true, seeds: ["ab"]),
    Case(
      pattern: "a$b", reason: "anchor '$' inside the pattern", approximable: true, seeds: ["ab"]),
    Case(
      pattern: "(a$)\\n", reason: "anchor '$' inside the pattern", approximable: true,
      seeds: ["a\n"]),
    Case(pattern: "a\\Rb", reason: "\\R is atomic", approximable: true, seeds: ["a\r\nb", "a\nb"]),
    Case(pattern: "\\p{L}", reason: "escape \\p", approximable: false),
    Case(pattern: "\\x{263a}", reason: "not one byte", approximable: false),
    Case(pattern: "(?(1)a|b)", reason: "group syntax", approximable: false),
    Case(pattern: "(?x) a b", reason: "group syntax", approximable: false),
    Case(pattern: "a)", reason: "unmatched ')'", approximable: false),
    Case(pattern: "[a[b]]", flavor: .ruby, reason: "nested character class", approximable: false),
    Case(pattern: "[a-z&&[^c]]", flavor: .ruby, reason: "class intersection", approximable: false),
    Case(
      pattern: "[\u{E9}]", flavor: .ruby, reason: "non-ASCII character in a class",
      approximable: false),
  ]

  @Test(arguments: cases)
  func obstacleIsNamed(_ testCase: Case) throws {
    let regex = ForeignRegex.parse(Array(testCase.pattern.utf8), flavor: testCase.flavor, flags: [])
    let all = regex.obstacles + regex.awkRegex().obstacles
    let found = all.first { $0.reason.contains(testCase.reason) }
    #expect(found != nil, "\(all.map(\.reason))")
    #expect(all.allSatisfy(\.approximable) == testCase.approximable)
  }

  @Test(arguments: cases.filter(\.approximable))
  func approximationMatchesASuperset(_ testCase: Case) throws {
    let regex = ForeignRegex.parse(Array(testCase.pattern.utf8), flavor: testCase.flavor, flags: [])
    let awk = String(decoding: regex.awkRegex().source, as: UTF8.self)
    let list = try RuleList(source: Array("/\(awk)/ approx\n".utf8), file: "approx")
    let matcher = RuleMatcher(list, strategy: .ruleByRule)
    let source = try PCRE2Pattern(Array(testCase.pattern.utf8), options: [.neverUTF])
    let scratch = RegexMatchScratch(limits: .default)
    var sourceMatches = 0
    for banner in comparisonBanners(for: testCase.pattern, seeds: testCase.seeds) {
      let expected = try banner.withUnsafeBufferPointer {
        try source.program.firstMatch(in: $0, scratch: scratch) != nil
      }
      guard expected else { continue }
      sourceMatches += 1
      let approximated: Bool
      if case .matched = matcher.verdict(for: banner) {
        approximated = true
      } else {
        approximated = false
      }
      #expect(approximated, "/\(awk)/ misses \(TerminalSafe.escape(banner))")
    }
    if testCase.pattern != "a^b" && testCase.pattern != "a$b" {
      #expect(sourceMatches > 0)
    }
  }
}
