import BannersTestSupport
import Testing

@testable import BannersCore

/// The shortcuts of lint's inclusion questions give the answers of the plain question:
/// reading the target as narrowly as the avoided regexes allow (`witness`), and the
/// covering sets that decide every subset of a cover from one DFA (`witnessOrCover`).
@Suite struct CoverQuestionTests {
  static func syntax(_ source: [UInt8]) throws -> AwkRegexSyntax {
    try AwkRegexTranslator.translate(source).syntax
  }

  @Test func narrowedTargetGivesTheSameAnswerAndBanner() throws {
    var generator = RandomAwkRegex(seed: 81)
    var narrowed = 0
    var covered = 0
    for _ in 0..<1_500 {
      let target = try Self.syntax(generator.wellFormed())
      let others = try (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in
        try Self.syntax(generator.wellFormed(depth: 2))
      }
      let fast = LanguageQuestions.witness(of: target, avoiding: others, maxStates: 20_000)
      let plain = LanguageQuestions.witness(
        of: target, avoiding: others, maxStates: 20_000, narrowing: false)
      guard fast != .gaveUp, plain != .gaveUp else { continue }
      #expect(fast == plain)
      if !others.contains(where: { $0.containsAnchor(.start) || $0.containsAnchor(.end) }) {
        narrowed += 1
      }
      if plain == .none { covered += 1 }
    }
    // Both kinds of answer, with the target read as a whole match, were compared.
    #expect(narrowed > 300)
    #expect(covered > 300)
  }

  @Test func coveringSetsDecideEverySubsetAsItsOwnQuestionWould() throws {
    var generator = RandomAwkRegex(seed: 82)
    var decided = 0
    for _ in 0..<600 {
      // Short others, some of them pieces of the target, so that covers are common.
      let pieces = (0..<Int.random(in: 2...4, using: &generator.random)).map { _ in
        generator.wellFormed(depth: 1)
      }
      let source =
        Int.random(in: 0..<2, using: &generator.random) == 0
        ? pieces[0] + pieces[1] : generator.wellFormed()
      let target = try Self.syntax(source)
      let others = try pieces.map(Self.syntax)
      let answer = LanguageQuestions.witnessOrCover(
        of: target, avoiding: others, maxStates: 20_000)
      switch answer {
      case .gaveUp: continue
      case .found(let banner):
        #expect(
          LanguageQuestions.witness(of: target, avoiding: others, maxStates: 20_000)
            == .found(banner))
      case .covered(let sets):
        for mask in 0..<(1 << others.count) {
          let subset = Set(others.indices.filter { mask & (1 << $0) != 0 })
          let own = LanguageQuestions.witness(
            of: target, avoiding: subset.sorted().map { others[$0] }, maxStates: 20_000,
            narrowing: false)
          guard own != .gaveUp else { continue }
          #expect(
            sets.allSatisfy { !$0.isDisjoint(with: subset) } == (own == .none),
            "/\(TerminalSafe.escape(source))/ avoiding \(subset.sorted()) of \(pieces.map { TerminalSafe.escape($0) })"
          )
          decided += 1
        }
      }
    }
    #expect(decided > 2_000)
  }
}
