import BannersTestSupport
import Testing

@testable import BannersCore

/// Banners sampled from a regex's automaton (whole matches of it) must match the
/// regex under PCRE2: the automata generate what PCRE2 accepts, not just accept it.
@Suite struct RandomMemberTests {
  @Test func sampledMembersMatchUnderPCRE2() throws {
    var generator = RandomAwkRegex(seed: 1997)
    var random = SeededRandom(seed: 1998)
    let scratch = RegexMatchScratch(limits: .default)
    var checked = 0
    for _ in 0..<800 {
      let translation = try AwkRegexTranslator.translate(generator.wellFormed())
      let pattern = try PCRE2Pattern(translation.pattern, options: .awk)
      var nfa = NFA()
      try nfa.add(translation.syntax, mode: .whole)
      var dfa = LazyDFA(nfa, maxStates: 10_000)
      for _ in 0..<4 {
        guard let member = dfa.randomMember(using: &random) else { continue }
        let matched = try member.withUnsafeBufferPointer {
          try pattern.program.firstMatch(in: $0, scratch: scratch)
        }
        #expect(
          matched != nil,
          "\(TerminalSafe.escape(translation.pattern)) on \(TerminalSafe.escape(member))")
        checked += 1
      }
    }
    #expect(checked > 1_500)
  }
}
