import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// Required literals read from the syntax tree are those read from the emitted PCRE2
/// text, on the shipped lists, the benchmark's generated rules and random regexes.
@Suite struct RequiredLiteralsSyntaxTests {
  static func expectSame(_ rule: Rule) {
    expectSame(rule.translation, TerminalSafe.escape(rule.regexSource))
  }

  static func expectSame(_ translation: AwkRegexTranslator.Translation, _ source: String) {
    #expect(
      RequiredLiterals.choices(from: translation.syntax)
        == RequiredLiterals.choices(fromTranslatedPattern: translation.pattern),
      "/\(source)/")
  }

  @Test(arguments: ["rules/smtp-1997.rules", "rules/smtp-1998.rules"])
  func shippedListsGiveTheSameLiterals(_ path: String) throws {
    let list = try RuleList(contentsOf: packageRoot.appendingPathComponent(path).path)
    for rule in list.rules { Self.expectSame(rule) }
  }

  @Test func generatedRulesGiveTheSameLiterals() throws {
    let source = Array(SyntheticRules(count: 500).lines.joined(separator: "\n").utf8)
    let rules = RuleParser.parse(source, file: "generated.rules").rules
    #expect(rules.count == 500)
    for rule in rules { Self.expectSame(rule) }
  }

  @Test func randomRegexesGiveTheSameLiterals() throws {
    var generator = RandomAwkRegex(seed: 83)
    var compared = 0
    for index in 0..<20_000 {
      let source = index % 2 == 0 ? generator.wellFormed() : generator.tokenSoup()
      guard let translation = try? AwkRegexTranslator.translate(source) else { continue }
      Self.expectSame(translation, TerminalSafe.escape(source))
      compared += 1
    }
    #expect(compared > 10_000)
  }
}
