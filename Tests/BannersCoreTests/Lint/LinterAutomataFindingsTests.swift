import BannersCore
import BannersTestSupport
import Testing

/// What `Linter` does with the automata's findings, with canned ones (the automata
/// themselves are tested on their own).
@Suite struct LinterAutomataFindingsTests {
  let file = "t.rules"
  let source = Array(
    """
    /Sendmail/ sendmail
    /Sendmail 8\\.8/ sendmail
    /bad\\d/ x
    /Smail/ Smail
    /Smail/ Smail
    /(x+x+)+y/ xy # banners: disable=overlap
    /mail/ mail

    """.utf8)

  func at(_ line: Int, _ column: Int = 1) -> BannersCore.SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  var canned: [Diagnostic] {
    var unreachable = Diagnostic(
      .warning, at: at(2), "never the first match: line 1 matches every banner it does",
      check: .unreachable)
    unreachable.coveredBy = [1]
    unreachable.witness = nil
    var duplicateToo = Diagnostic(
      .warning, at: at(5), "never the first match", check: .unreachable)
    duplicateToo.coveredBy = [4]
    var pair1 = Diagnostic(.note, at: at(4), "can match one banner with line 1", check: .overlap)
    pair1.coveredBy = [1]
    pair1.witness = Array("220 Sendmail Smail\r\n".utf8)
    var pair2 = Diagnostic(.note, at: at(6), "can match one banner with line 4", check: .overlap)
    pair2.coveredBy = [4]
    var pair3 = Diagnostic(.note, at: at(7), "can match one banner with line 1", check: .overlap)
    pair3.coveredBy = [1]
    pair3.witness = [0x6D, 0x61, 0x69, 0x6C, 0xFF]
    var backtracking = Diagnostic(
      .warning, at: at(6, 2), "exponential backtracking", check: .backtracking)
    backtracking.attack = Array(String(repeating: "x", count: 30).utf8) + [0x0D, 0x0A]
    return [unreachable, duplicateToo, pair1, pair2, pair3, backtracking]
  }

  func lint(_ options: Linter.Options = .init()) -> LintResult {
    // Rule indexes count only rules that compiled: /bad\d/ is left out, so 2 is /Smail/.
    Linter(
      options: options, cannedDiagnostics: canned,
      cannedWitnesses: [(0, Array("220 Sendmail\r\n".utf8)), (2, Array("220 Smail\r\n".utf8))]
    ).lint(source: source, file: file)
  }

  @Test func overlapPairsAreCountedByDefaultAndSuppressedOnesLeftOut() {
    let result = lint()
    #expect(!result.diagnostics.contains { $0.check == .overlap && $0.location.line > 0 })
    let count = result.diagnostics.filter { $0.check == .overlap }
    #expect(count.map(\.location.line) == [0])
    #expect(count.first?.message.hasPrefix("2 pairs of rules") == true)
  }

  @Test func pairsListsEveryPairNotSuppressed() {
    let result = lint(.init(listPairs: true))
    #expect(result.diagnostics.filter { $0.check == .overlap }.map(\.location.line) == [4, 7])
  }

  @Test func anUnreachableDuplicateIsReportedOnceAsADuplicate() {
    let result = lint()
    let line5 = result.diagnostics.filter { $0.location.line == 5 }.compactMap(\.check)
    #expect(line5 == [.duplicate])
    #expect(result.diagnostics.contains { $0.check == .unreachable && $0.location.line == 2 })
  }

  @Test func witnessesNameTheRulesThatCompiled() {
    let result = lint()
    #expect(result.witnesses.map(\.rule.location.line) == [1, 4])
  }

  @Test func disableOverlapDropsTheCountToo() {
    let result = lint(.init(disabled: [.overlap, .backtracking]))
    #expect(!result.diagnostics.contains { $0.check == .overlap || $0.check == .backtracking })
  }

  @Test func textShowsCoverWitnessAndAttackEscaped() throws {
    let result = lint(.init(listPairs: true))
    try expectGolden(
      LintPrinter.text([result], unreadable: 0), named: "golden/lint-canned-automata-text.txt")
    try expectGolden(
      LintPrinter.jsonLines([result], unreadable: 0), named: "golden/lint-canned-automata-json.txt")
  }
}
