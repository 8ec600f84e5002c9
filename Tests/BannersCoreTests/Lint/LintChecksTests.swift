import BannersCore
import Testing

/// Rule text with markers (1️⃣ ... 9️⃣) where diagnostics are expected, as swift-format's
/// `MarkedText` does: the markers are removed and their line and byte column kept.
struct MarkedRules {
  var source: [UInt8] = []
  var markers: [String: (line: Int, column: Int)] = [:]

  init(_ text: String) {
    let names = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
    var line = 1
    var column = 1
    var rest = Substring(text)
    while let character = rest.first {
      if let name = names.first(where: { rest.hasPrefix($0) }) {
        markers[name] = (line, column)
        rest = rest.dropFirst(name.count)
        continue
      }
      let bytes = Array(String(character).utf8)
      source += bytes
      if character == "\n" {
        line += 1
        column = 1
      } else {
        column += bytes.count
      }
      rest = rest.dropFirst()
    }
  }
}

@Suite struct LintChecksTests {
  /// Lints marked text and checks that exactly the expected (marker, check, severity)
  /// diagnostics come out, at the markers' places.
  func expectDiagnostics(
    _ text: String, _ expected: [(String, LintCheck, Diagnostic.Severity)],
    disabled: Set<LintCheck> = [], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [Diagnostic] {
    let marked = MarkedRules(text)
    // The checks on automata have their own tests (LanguageChecksTests); here they would
    // add their findings on the same small lists.
    let automata: Set<LintCheck> = [.unreachable, .overlap, .backtracking]
    let result = Linter(options: .init(disabled: disabled.union(automata))).lint(
      source: marked.source, file: "t.rules")
    let actual = result.diagnostics.map {
      "\($0.location.line):\($0.location.column) \($0.check?.rawValue ?? "-") \($0.severity)"
    }
    let wanted = expected.map { marker, check, severity in
      let place = marked.markers[marker] ?? (0, 0)
      return "\(place.line):\(place.column) \(check.rawValue) \(severity)"
    }
    #expect(actual == wanted, "\(result.diagnostics)", sourceLocation: sourceLocation)
    return result.diagnostics
  }

  // MARK: syntax and portability, every one in one run

  @Test func everySyntaxErrorOfTheFileInOneRun() {
    _ = expectDiagnostics(
      """
      1️⃣not a rule
      /MERCUR SMTP-Server 2️⃣(v/ MERCUR
      /post\\.office v3️⃣\\d/ Post.Office
      4️⃣/unterminated sendmail
      /Sendmail/ sendmail
      /Microsoft Exchange5️⃣{2}/ MS Exchange
      """,
      [
        ("1️⃣", .syntax, .error), ("2️⃣", .syntax, .error), ("3️⃣", .syntax, .error),
        ("4️⃣", .syntax, .error), ("5️⃣", .portability, .warning),
      ])
  }

  @Test func aRegexPCRE2CannotCompileIsASyntaxError() {
    // The translator accepts it; PCRE2 refuses 260 nested groups.
    let nested = String(repeating: "(", count: 260) + "a" + String(repeating: ")", count: 260)
    let result = Linter().lint(source: Array("/\(nested)/ deep\n".utf8), file: "t.rules")
    #expect(result.diagnostics.map(\.check) == [.syntax])
    #expect(result.diagnostics.first?.severity == .error)
    #expect(result.diagnostics.first?.message.hasPrefix("regex does not compile") == true)
  }

  // MARK: duplicate

  @Test func duplicateWithTheSameLabelWarnsAndWithAnotherLabelIsAnError() {
    let diagnostics = expectDiagnostics(
      """
      /Sendmail/ sendmail
      1️⃣/Sendmail/ sendmail
      2️⃣/Sendmail/ Smail
      /Sendmail 8/ sendmail
      """,
      [("1️⃣", .duplicate, .warning), ("2️⃣", .duplicate, .error)])
    #expect(diagnostics.map(\.coveredBy) == [[1], [1]])
  }

  @Test func theSameRegexSpelledTheSameWayAfterTranslationIsADuplicate() {
    // `\/` and `\057` are both a slash; the translator writes them alike.
    _ = expectDiagnostics(
      """
      /PC\\/TCP SMTPSRV/ PC/TCP
      1️⃣/PC\\057TCP SMTPSRV/ PC/TCP
      """,
      [("1️⃣", .duplicate, .warning)])
  }

  // MARK: too-general

  @Test(arguments: [
    "/1️⃣ v/ v",  // the damaged 1998 rule: two bytes
    "/1️⃣ab/ ab",
    "/1️⃣[0-9][0-9][0-9]/ three digits",
    "/1️⃣x*/ anything",
    "/1️⃣.*/ anything",
    "/1️⃣^/ anything",
    "/1️⃣Sendmail|ab/ sendmail",  // the weaker branch decides
    "/1️⃣SMTP/ unknown SMTP",  // every ESMTP banner has it
    "/1️⃣ESMTP ready/ unknown",
    "/1️⃣^2/ starts with 2",  // one anchor is not a whole banner
    "/1️⃣^..$|v/ v",
  ])
  func tooGeneral(rule: String) {
    _ = expectDiagnostics(rule + "\n", [("1️⃣", .tooGeneral, .warning)])
  }

  @Test(arguments: [
    "/Sendmail/ sendmail",
    "/[Ss][Mm][Aa][Ii][Ll]/ Smail",  // case spelled out: 35 bits, specific enough
    "/NTM/ NTMail",  // three fixed bytes
    "/^220 [a-z.]* Smail/ Smail",
    "/MERCUR SMTP-Server .v.* for Windows NT ready at/ MERCUR",
    "/Sendmail/ sendmail\n// not sure",  // a catch-all as the last rule is the idiom
    "/^(a|a)*$/ a",  // the whole banner is a's: not a fragment
    "/^220 ..$|^..$/ two",
  ])
  func notTooGeneral(rule: String) {
    _ = expectDiagnostics(rule + "\n", [])
  }

  @Test func aCatchAllBeforeOtherRulesIsTooGeneral() {
    _ = expectDiagnostics("/1️⃣/ not sure\n/Sendmail/ sendmail\n", [("1️⃣", .tooGeneral, .warning)])
  }

  @Test func tooGeneralCarriesABannerTheRuleMatches() {
    let diagnostics = expectDiagnostics("/1️⃣ v/ v\n", [("1️⃣", .tooGeneral, .warning)])
    #expect(diagnostics.first?.witness == Array("220 mail.example.net v\r\n".utf8))
    #expect(diagnostics.first?.message.contains("' v'") == true)
  }

  // MARK: whitespace

  @Test func theDamagedLinesOfThe1998PostGetWhitespaceAndTooGeneralWarnings() {
    // As posted: the anonymiser stripped "post.office" before both (issue 8).
    _ = expectDiagnostics(
      """
      /1️⃣ E-mail system/ Post.Office
      /2️⃣ v/ Post.Office
      """,
      [
        ("1️⃣", .whitespace, .warning), ("2️⃣", .tooGeneral, .warning),
        ("2️⃣", .whitespace, .warning),
      ])
  }

  @Test(arguments: [
    "/post.office E-mail system/ Post.Office",  // as restored in rules/smtp-1998.rules
    "/ Smail ready/ Smail",  // a space as "a word starts here"
    "/ SMTP \\(PMDF / PMDF",
    "/VOPMail SMTP Receiver Version / VOPMail",
    "/ All set, fire away/ unknown",  // a label with nothing to name
  ])
  func deliberateSingleSpacesPass(rule: String) {
    _ = expectDiagnostics(rule + "\n", [])
  }

  @Test(arguments: [
    "/1️⃣  Smail ready/ Smail",
    "/1️⃣\tUCX SMTP/ UCX",
    "/1️⃣\u{A0}Smail/ Smail",
    "/Smail ready1️⃣  / Smail",
    "/^1️⃣ 220 Smail/ Smail",
    "/Smail ready1️⃣ $/ Smail",
  ])
  func oddBlanksAtTheEnds(rule: String) {
    _ = expectDiagnostics(rule + "\n", [("1️⃣", .whitespace, .warning)])
  }

  // MARK: similar-label

  @Test func labelsDifferingInCaseSpacingOrPunctuationAreFlaggedOncePerSpelling() {
    let diagnostics = expectDiagnostics(
      """
      / GroupWise Internet Agent / GroupWise Internet Agent
      /Novell GroupWise SMTP/ 1️⃣Groupwise Internet Agent
      /GroupWise SMTP Gateway/ Groupwise Internet Agent
      /Exchange Internet Mail/ MS Exchange
      /Exchange Internet Mail Service/ 2️⃣MS-Exchange
      /Post.Office v2/ Post.Office
      """,
      [("1️⃣", .similarLabel, .warning), ("2️⃣", .similarLabel, .warning)])
    #expect(diagnostics.map(\.coveredBy) == [[1], [4]])
  }

  // MARK: suppression

  @Test func disableCommentsOnTheLineOrTheLineBeforeSilenceOneCheck() {
    _ = expectDiagnostics(
      """
      # banners: disable=too-general
      /SMTP/ unknown
      /ESMTP/ unknown # banners: disable=too-general,whitespace
      /1️⃣ w/ Post.Office # banners: disable=whitespace
      # banners: disable=whitespace
      /Sendmail/ sendmail
      /2️⃣ v/ Post.Office
      """,
      [("1️⃣", .tooGeneral, .warning), ("2️⃣", .tooGeneral, .warning), ("2️⃣", .whitespace, .warning)])
  }

  @Test func anUnknownCheckInADisableCommentIsReported() {
    _ = expectDiagnostics(
      "/Sendmail/ sendmail # banners: disable=1️⃣too-genral\n", [("1️⃣", .syntax, .warning)])
  }

  @Test func disabledChecksDoNotRun() {
    _ = expectDiagnostics(
      "/ v/ Post.Office\n/Sendmail/ sendmail\n/Sendmail/ Smail\n", [],
      disabled: [.tooGeneral, .whitespace, .duplicate])
  }

  @Test func aHashInsideTheRegexIsNoDisableComment() {
    _ = expectDiagnostics(
      "/1️⃣ v# banners: disable=whitespace/ Post.Office\n", [("1️⃣", .whitespace, .warning)])
  }

  // MARK: the shipped lists

  @Test(arguments: ["rules/smtp-1997.rules", "rules/smtp-1998.rules"])
  func shippedListsHaveNoErrors(path: String) throws {
    let bytes = try FileBytes.read(packageRootPath + "/" + path, limit: FileBytes.ruleFileLimit)
    let result = Linter().lint(source: bytes, file: path)
    #expect(result.count(.error) == 0)
    #expect(!result.diagnostics.contains { $0.check == .tooGeneral || $0.check == .duplicate })
  }
}

/// The package root, from this file's place in Tests/BannersCoreTests/Lint/.
let packageRootPath: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(4)
  return parts.joined(separator: "/")
}()
