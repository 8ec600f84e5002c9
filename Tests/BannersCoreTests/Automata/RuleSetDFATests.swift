import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// The lazy DFA over a whole rule list must answer exactly as PCRE2 rule by rule: every
/// rule's answer and the first match, whatever the cache size, for random lists and for
/// the posts' lists; a list too large for it is left to PCRE2.
@Suite struct RuleSetDFATests {
  /// A rule list of `regexes` (random ones may hold CR, LF or bytes >= 0x80, which a
  /// rule file cannot: the rules are made directly).
  static func ruleList(_ regexes: [[UInt8]]) throws -> RuleList {
    let rules = try regexes.enumerated().map { index, regex in
      Rule(
        location: SourceLocation(file: "random.rules", line: index + 1), regexSource: regex,
        label: "rule \(index)", translation: try AwkRegexTranslator.translate(regex))
    }
    return try RuleList(rules: rules, file: "random.rules")
  }

  /// Random lists of random regexes (anchors anywhere, brackets, groups, intervals, CR
  /// and LF), each against random banners over the same alphabet, short ones (one walk)
  /// and long ones (two halves that must meet): with the default cache; with one of
  /// three states, which empties on almost every banner and refuses those that need
  /// more (PCRE2 answers them); and with that cache and the usual floor of bytes per
  /// state, under which the DFA soon gives up on the list (PCRE2 answers).
  @Test(arguments: [(nil, 64, 12), (nil, 64, 200), (3, 0, 12), (3, 0, 200), (3, 64, 200)])
  func automatonAgreesWithRuleByRuleOnRandomLists(dfaStates: Int?, floor: Int, length: Int)
    throws
  {
    var generator = RandomAwkRegex(seed: 13)
    var matches = 0
    var flushes = 0
    var disabled = 0
    for _ in 0..<300 {
      let count = Int.random(in: 1...12, using: &generator.random)
      let rules = try Self.ruleList((0..<count).map { _ in generator.wellFormed() })
      let automaton = RuleMatcher(
        rules, limits: .default, strategy: .automaton, dfaStates: dfaStates,
        dfaBytesPerStateFloor: floor)
      let naive = RuleMatcher(rules, strategy: .ruleByRule)
      for _ in 0..<30 {
        let banner = generator.banner(maxLength: length)
        let expected = naive.evaluate(banner)
        let answer = automaton.evaluate(banner)
        #expect(
          answer == expected,
          "\(rules.rules.map(\.regexText)) on \"\(TerminalSafe.escape(banner))\"")
        #expect(automaton.verdict(for: banner) == naive.verdict(for: banner))
        matches += expected.matched.count
        guard answer == expected else { return }
      }
      let cache = try #require(automaton.dfaCacheState)
      if dfaStates == nil { #expect(cache == (0, false), "the default cache never filled") }
      flushes += cache.flushes
      if cache.disabled { disabled += 1 }
    }
    #expect(matches > 5_000, "the random rules match often enough to test something")
    if dfaStates != nil, floor == 0 {
      #expect(flushes > 1_000, "the tiny cache was emptied and refilled")
    }
    if floor > 0, dfaStates != nil { #expect(disabled > 100, "the DFA gave up on lists") }
  }

  /// The posts' lists on banners made to match their rules, all in the DFA.
  @Test func automatonAgreesWithRuleByRuleOnThePostsLists() throws {
    let lists = try ["rules/smtp-1997.rules", "rules/smtp-1998.rules"].map {
      try RuleList(contentsOf: packageRoot.appendingPathComponent($0).path)
    }
    var generator = BannerGenerator(rules: lists, seed: 43)
    let banners = (0..<4000).map { _ in generator.next() }
    for rules in lists {
      #expect(rules.automaton != nil)
      let automaton = RuleMatcher(rules, strategy: .automaton)
      let naive = RuleMatcher(rules, strategy: .ruleByRule)
      var matched = 0
      for banner in banners {
        let expected = naive.evaluate(banner)
        #expect(
          automaton.evaluate(banner) == expected, "\(TerminalSafe.escape(banner, limit: 200))")
        #expect(automaton.verdict(for: banner) == naive.verdict(for: banner))
        matched += expected.matched.count
      }
      #expect(matched > banners.count, "the banners exercise the rules")
      #expect(automaton.dfaCacheState.map { $0 == (0, false) } == true)
    }
  }

  /// A list too large for the automaton's NFA budget (here one regex of 9,000 states)
  /// gets no DFA: the prefilter and PCRE2 answer, in rule order as ever.
  @Test func aListTooLargeForTheAutomatonIsMatchedByPCRE2() throws {
    let huge = Array("x{9000}y".utf8)
    let rules = try Self.ruleList(
      [Array("ab".utf8), huge, Array("b$".utf8), huge + Array("|c".utf8), Array("^a".utf8)])
    #expect(rules.automaton == nil)
    let automaton = RuleMatcher(rules, strategy: .automaton)
    #expect(automaton.dfaCacheState == nil)
    let naive = RuleMatcher(rules, strategy: .ruleByRule)
    let xs = [UInt8](repeating: UInt8(ascii: "x"), count: 9000)
    let banners: [[UInt8]] = [
      Array("ab".utf8), xs + Array("yab".utf8), Array("c b".utf8), Array("a".utf8),
      xs + Array("y".utf8), Array("cab".utf8), [], Array("zzz".utf8),
    ]
    for banner in banners {
      #expect(automaton.evaluate(banner) == naive.evaluate(banner))
      #expect(automaton.verdict(for: banner) == naive.verdict(for: banner))
    }
    #expect(automaton.verdict(for: xs + Array("y".utf8)) == .matched(rule: 1))
    #expect(automaton.evaluate(Array("cab".utf8)).matched == [0, 2, 3])
    // Without the huge rules, the same list fits.
    let small = try Self.ruleList([Array("ab".utf8), Array("b$".utf8), Array("^a".utf8)])
    #expect(small.automaton != nil)
  }

  /// With the DFA fallback off, PCRE2 answers every rule, so a catastrophic regex is
  /// undecided as before (what `--no-dfa-fallback` is for), not answered by the DFA.
  @Test func noDFAFallbackLeavesEveryRuleToPCRE2() throws {
    let rules = try Self.ruleList([Array("^(a|a)*$".utf8), Array("Sendmail".utf8)])
    let matcher = RuleMatcher(rules, limits: MatchLimits(dfaWorkspaceLimit: 0))
    #expect(matcher.dfaCacheState == nil)
    let banner = [UInt8](repeating: UInt8(ascii: "a"), count: 40) + Array("!".utf8)
    guard case .undecided(rule: 0, _) = matcher.verdict(for: banner) else {
      Issue.record("expected undecided")
      return
    }
    #expect(RuleMatcher(rules).verdict(for: banner) == .residue)
  }

  /// Matchers give their warm DFA back to the list's pool, and the next matcher takes it;
  /// when the list goes, the pool and its DFAs go too (a pool the DFAs could reach was a
  /// cycle that leaked every list's DFAs: found by the fuzzers' leak check).
  @Test func warmDFAsAreReusedAndFreedWithTheirList() throws {
    weak var pool: RuleSetDFAPool?
    try {
      let rules = try Self.ruleList([Array("ESMTP".utf8), Array("^220 [a-z]+ ready".utf8)])
      pool = rules.idleDFAs
      var first: RuleMatcher? = RuleMatcher(rules)
      #expect(first?.verdict(for: Array("220 mail ready".utf8)) == .matched(rule: 1))
      let warm = try #require(first?.dfaIdentity)
      let beside = RuleMatcher(rules)  // while the first holds its DFA: another one
      #expect(beside.dfaIdentity != warm)
      first = nil
      let second = RuleMatcher(rules)
      #expect(second.dfaIdentity == warm)
      #expect(second.verdict(for: Array("220 mail ready".utf8)) == .matched(rule: 1))
    }()
    #expect(pool == nil)
  }
}
