import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// lint's proofs on planted rule lists: unreachable rules found with the earlier rules
/// responsible named, reachable decoys never called unreachable, witnesses won by their
/// rule, overlap pairs and backtracking attacks checked by PCRE2.
@Suite struct LanguageChecksTests {
  static func rules(_ text: String) throws -> [Rule] {
    let (rules, diagnostics) = RuleParser.parse(Array(text.utf8), file: "test.rules")
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
    return rules
  }

  /// Line of each unreachable rule -> lines named as responsible.
  static func unreachable(_ result: LanguageChecks.Result) -> [Int: [Int]] {
    var found: [Int: [Int]] = [:]
    for diagnostic in result.diagnostics
    where diagnostic.check == .unreachable && diagnostic.severity == .warning {
      found[diagnostic.location.line] = diagnostic.coveredBy
    }
    return found
  }

  struct Planted: Sendable, CustomStringConvertible {
    var text: String
    var unreachable: [Int: [Int]]
    var description: String { text }
  }

  @Test(arguments: [
    // A specialisation after its general rule.
    Planted(text: "/Sendmail/ sendmail\n/Sendmail 8\\.8/ sendmail 8.8\n", unreachable: [2: [1]]),
    // Everything after a catch-all.
    Planted(
      text: "/ESMTP/ esmtp\n// not sure\n/qmail/ qmail\n/^220/ x\n", unreachable: [3: [2], 4: [2]]),
    // A union of two earlier rules covering a third, with a decoy between them.
    Planted(text: "/ax/ A\n/zz/ decoy\n/bx/ B\n/(a|b)x/ C\n", unreachable: [4: [1, 3]]),
    // Anchors: /^220/ covers /^220 mail/; /220/ does not cover /^220/ ... it does.
    Planted(text: "/220/ any\n/^220 mail/ start\n", unreachable: [2: [1]]),
    Planted(text: "/^220/ start\n/220 mail/ any\n", unreachable: [:]),
    Planted(
      text: "/[0-9]+ ESMTP/ digits\n/220 ESMTP/ exact\n/[a-z] ESMTP/ decoy\n", unreachable: [2: [1]]
    ),
    // A regex that can never match at all.
    Planted(text: "/a^b/ never\n/x/ x\n", unreachable: [1: []]),
    // A case split: /[Ss]mtp/ is covered by /smtp/ and /Smtp/ together.
    Planted(text: "/smtp/ a\n/Smtp/ b\n/[Ss]mtp/ c\n/SMTP/ d\n", unreachable: [3: [1, 2]]),
    // Reachable decoys: $-anchored, longer alternatives, ends of banners.
    Planted(text: "/Sendmail$/ end\n/Sendmail/ any\n/mail$/ tail\n", unreachable: [:]),
  ])
  func plantedUnreachableRulesAreFoundWithTheirCover(_ planted: Planted) throws {
    let rules = try Self.rules(planted.text)
    let result = LanguageChecks.run(rules)
    #expect(Self.unreachable(result) == planted.unreachable)
    #expect(
      Set(result.witnesses.map(\.rule))
        == Set(rules.indices.filter { planted.unreachable[rules[$0].location.line] == nil }))
    try Self.expectWitnessesWin(result, rules: rules)
  }

  /// Every witness is won by its rule when the list classifies it.
  static func expectWitnessesWin(_ result: LanguageChecks.Result, rules: [Rule]) throws {
    let list = try RuleList(rules: rules, file: "test.rules")
    let matcher = RuleMatcher(list)
    for witness in result.witnesses {
      #expect(
        matcher.verdict(for: witness.banner) == .matched(rule: witness.rule),
        "witness \(TerminalSafe.escape(witness.banner)) of line \(rules[witness.rule].location.line)"
      )
    }
  }

  @Test func messageNamesTheRuleResponsibleAndSaysWhatToDo() throws {
    let rules = try Self.rules("/Sendmail/ sendmail\n/Sendmail 8\\.8/ sendmail 8.8\n")
    let diagnostic = try #require(
      LanguageChecks.run(rules).diagnostics.first { $0.check == .unreachable })
    #expect(
      diagnostic.description
        == "test.rules:2:1: warning: rule can never win: every banner it matches is matched first by line 1 (/Sendmail/ sendmail); move it above line 1 or remove it [unreachable]"
    )
  }

  @Test func witnessesPreferPrintableBytesAndCRLF() throws {
    let rules = try Self.rules("/Sendmail/ sendmail\n/[Ee]xim [0-9]/ exim\n/ok$/ ok\n")
    let result = LanguageChecks.run(rules)
    #expect(
      result.witnesses.map(\.banner) == [
        Array("Sendmail\r\n".utf8), Array("exim 0\r\n".utf8), Array("ok".utf8),
      ])
  }

  @Test func aStateBudgetTooSmallIsUndecidedNeverAGuess() throws {
    let rules = try Self.rules("/a.*b.*c.*d/ x\n/[ab].*[cd].*[ab]/ y\n/a.....b/ z\n")
    let result = LanguageChecks.run(rules, options: .init(maxStates: 3))
    #expect(Self.unreachable(result).isEmpty)
    let notes = result.diagnostics.filter { $0.check == .unreachable && $0.severity == .note }
    #expect(!notes.isEmpty)
    #expect(notes.allSatisfy { $0.message.contains("--max-states") })
  }

  @Test func overlapPairsHaveAWitnessBothRulesMatch() throws {
    let rules = try Self.rules("/Sendmail [0-9]/ sendmail\n/mail/ other\n/^220 x/ x\n/^221 y/ y\n")
    let result = LanguageChecks.run(rules)
    let overlaps = result.diagnostics.filter { $0.check == .overlap }
    #expect(overlaps.map(\.location.line) == [2])
    #expect(overlaps.map(\.coveredBy) == [[1]])
    let list = try RuleList(rules: rules, file: "test.rules")
    let witness = try #require(overlaps.first?.witness)
    #expect(RuleMatcher(list).evaluate(witness).matched == [0, 1])
  }
}
