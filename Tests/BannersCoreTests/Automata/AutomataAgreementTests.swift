import BannersTestSupport
import Testing

@testable import BannersCore

/// The automata and PCRE2 (on the translator's pattern) must give the same answer for
/// every regex and banner: random well-formed awk regexes (anchors anywhere, brackets,
/// bytes >= 0x80, CR and LF) against random banners over the same small alphabet.
@Suite struct AutomataAgreementTests {
  static func pcre2Matches(_ translation: AwkRegexTranslator.Translation, _ banner: [UInt8])
    throws -> Bool
  {
    let pattern = try PCRE2Pattern(translation.pattern, options: .awk)
    return try banner.withUnsafeBufferPointer {
      try pattern.program.firstMatch(in: $0, scratch: RegexMatchScratch(limits: .default)) != nil
    }
  }

  @Test func automataAgreeWithPCRE2OnRandomPairs() throws {
    var generator = RandomAwkRegex(seed: 8)
    let scratch = RegexMatchScratch(limits: .default)
    var pairs = 0
    for _ in 0..<5_000 {
      let source = generator.wellFormed()
      let translation = try AwkRegexTranslator.translate(source)
      let pattern = try PCRE2Pattern(translation.pattern, options: .awk)
      var dfa = try #require(
        LanguageQuestions.containsDFA(translation.syntax, maxStates: 100_000))
      for _ in 0..<20 {
        let banner = generator.banner()
        let expected = try banner.withUnsafeBufferPointer {
          try pattern.program.firstMatch(in: $0, scratch: scratch) != nil
        }
        let answer = LanguageQuestions.accepts(&dfa, banner)
        guard answer == expected else {
          Issue.record(
            "/\(TerminalSafe.escape(source))/ on \"\(TerminalSafe.escape(banner))\": automata \(String(describing: answer)), PCRE2 \(expected)"
          )
          return
        }
        pairs += 1
      }
    }
    #expect(pairs == 100_000)
  }

  @Test(arguments: [
    ("^a", "ba", false), ("a$", "a\r\n", false), ("a$", "ba", true), ("$^", "", true),
    ("a^b", "ab", false), ("(^a|b)c", "bc", true), ("x*^a", "a", true), ("a$*b", "ab", true),
    ("[^a]", "\u{e9}", true), ("", "", true), ("a{2,3}b", "aab", true), ("a{2,3}b", "ab", false),
  ])
  func anchorsAndIntervalsAsAwkReadsThem(regex: String, banner: String, matches: Bool) throws {
    let translation = try AwkRegexTranslator.translate(Array(regex.utf8))
    var dfa = try #require(LanguageQuestions.containsDFA(translation.syntax, maxStates: 1000))
    let bytes = Array(banner.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    #expect(LanguageQuestions.accepts(&dfa, bytes) == matches)
    #expect(try Self.pcre2Matches(translation, bytes) == matches)
  }
}
