import BannersCore
import Testing

@Suite struct RuleParserTests {
  func parse(_ text: String) -> (rules: [Rule], diagnostics: [Diagnostic]) {
    RuleParser.parse(Array(text.utf8), file: "t.rules")
  }

  func onlyRule(_ line: String) throws -> Rule {
    let result = parse(line + "\n")
    #expect(result.diagnostics.filter { $0.severity == .error } == [])
    return try #require(result.rules.first)
  }

  @Test(arguments: [
    ("/UCX / UCX", "UCX ", "UCX"),
    ("/ Smail ready/ Smail", " Smail ready", "Smail"),
    (
      "/PC.TCP SMTPSRV by FTP Software/ PC/TCP SMTPSRV", "PC.TCP SMTPSRV by FTP Software",
      "PC/TCP SMTPSRV"
    ),
    ("/Mail.Link SMTP Package/ Mail*Link", "Mail.Link SMTP Package", "Mail*Link"),
    (
      "/Eureka! Gold Internet Server/ Eureka! Gold Internet Server", "Eureka! Gold Internet Server",
      "Eureka! Gold Internet Server"
    ),
    (
      "/Help \\.\\.\\. Not recognized/ unknown (Help ... Not recognized)",
      "Help \\.\\.\\. Not recognized", "unknown (Help ... Not recognized)"
    ),
    (
      "/TGV.MultiNet SMTP server/ CISCO MultiNet, formerly TGV/MultiNet",
      "TGV.MultiNet SMTP server", "CISCO MultiNet, formerly TGV/MultiNet"
    ),
    ("/a\\/b/ slash", "a\\/b", "slash"),
    ("// not sure", "", "not sure"),
    ("  /x/   spaced label  \t", "x", "spaced label"),
    ("/x/label", "x", "label"),
    ("/x/ \"C# mail # 2\" # why", "x", "C# mail # 2"),
  ])
  func regexAndLabelAreReadExactly(line: String, regex: String, label: String) throws {
    let rule = try onlyRule(line)
    #expect(rule.regexText == regex)
    #expect(rule.label == label)
  }

  @Test func hashInsideRegexIsNotAComment() throws {
    let rule = try onlyRule("/unimplemented..#5.5.1/ qmail")
    #expect(rule.regexText == "unimplemented..#5.5.1")
    #expect(rule.label == "qmail")
    #expect(rule.comment == nil)
  }

  @Test func trailingCommentIsKeptApartFromTheLabel() throws {
    let rule = try onlyRule("/Duhmail..Black Hole v/ sendmail # *.sid.ncr.doe.ca")
    #expect(rule.label == "sendmail")
    #expect(rule.comment == "*.sid.ncr.doe.ca")
  }

  @Test func hashInsideALabelWordIsPartOfTheLabel() throws {
    #expect(try onlyRule("/x/ C#mail").label == "C#mail")
  }

  @Test func blankAndCommentLinesAreSkippedAndLineNumbersKept() {
    let result = parse("# header\n\n   \n/Sendmail/ sendmail\r\n  # indented comment\n/Exim/ Exim")
    #expect(result.rules.map(\.label) == ["sendmail", "Exim"])
    #expect(result.rules.map(\.location.line) == [4, 6])
    #expect(result.rules[0].regexText == "Sendmail", "CRLF line ends are accepted")
  }

  @Test func catchAllIsAnEmptyRegex() throws {
    #expect(try onlyRule("// not sure").isCatchAll)
  }

  @Test(arguments: [
    ("/Sendmail", 1, "unterminated regex"),
    ("/Sendmail\\/ sendmail", 1, "unterminated regex"),
    ("/Sendmail/", 11, "missing label"),
    ("/Sendmail/   # only a comment", 11, "missing label"),
    ("Sendmail sendmail", 1, "expected a rule '/REGEX/ LABEL'"),
    ("  sendmail", 3, "expected a rule"),
    ("/x/ \"open", 5, "unterminated quoted label"),
    ("/MX V(\\.. VAX/ VMS MX", 6, "unmatched '('"),
  ])
  func malformedLinesNameTheirColumn(line: String, column: Int, message: String) throws {
    let result = parse("# first\n" + line + "\n")
    #expect(result.rules.isEmpty)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.location == SourceLocation(file: "t.rules", line: 2, column: column))
    #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
  }

  @Test func everyErrorOfAFileIsReportedNotJustTheFirst() {
    let result = parse("/a/\n/ok/ fine\n/b\n/c/ c\n/(/ paren\n")
    #expect(result.diagnostics.map(\.location.line) == [1, 3, 5])
    #expect(result.rules.map(\.label) == ["fine", "c"])
  }

  @Test func portabilityNotesBecomeWarningsAtTheirColumn() throws {
    let result = parse("/x{2}y\\</ label\n")
    #expect(result.rules.count == 1)
    #expect(result.diagnostics.map(\.severity) == [.warning, .warning])
    #expect(result.diagnostics.map(\.location.column) == [3, 7])
  }
}
