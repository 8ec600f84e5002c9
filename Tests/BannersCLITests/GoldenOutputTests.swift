import BannersTestSupport
import Testing

/// Every output a person or a program reads, pinned byte for byte: status, stdout and
/// stderr of one run in one golden file, so any change to an output shows as a diff in
/// review. `BANNERS_RECORD=1 swift test --filter GoldenOutputTests` re-records (and
/// fails, so a recording never passes silently).
@Suite struct GoldenOutputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var stdin = ""
    var testDescription: String { name }
  }

  static let rules1997 = "rules/smtp-1997.rules"
  static let rules1998 = "rules/smtp-1998.rules"
  static let sample = "corpus/smtp-1998-sample.jsonl"

  static let outputs: [Case] =
    [
      Case(name: "classify-tally", arguments: ["classify", "--tally", rules1998, sample]),
      Case(
        name: "classify-tally-json",
        arguments: ["classify", "--tally", "--json", rules1998, sample]),
      Case(name: "classify-tsv", arguments: ["classify", rules1998, sample]),
      Case(
        name: "classify-jsonl", arguments: ["classify", "--format", "jsonl", rules1998, sample]),
      Case(name: "report", arguments: ["report", rules1998, sample]),
      Case(name: "report-json", arguments: ["report", "--json", rules1998, sample]),
      Case(name: "diff", arguments: ["diff", rules1997, rules1998, sample]),
      Case(
        name: "diff-all",
        arguments: ["diff", "--all", "--examples", "0", rules1997, rules1998, sample]),
      Case(name: "diff-json", arguments: ["diff", "--json", rules1997, rules1998, sample]),
      Case(
        name: "test-nothing-moved",
        arguments: ["test", rules1998, sample, "--expect", "corpus/smtp-1998-sample.1998.snapshot"]),
      Case(
        name: "test-moved",
        arguments: ["test", rules1998, sample, "--expect", "corpus/smtp-1998-sample.1997.snapshot"]),
      Case(
        name: "test-moved-json",
        arguments: [
          "test", "--json", rules1998, sample, "--expect", "corpus/smtp-1998-sample.1997.snapshot",
        ]),
      Case(
        name: "test-part-of-corpus",
        arguments: ["test", rules1998, "-", "--expect", "corpus/smtp-1998-sample.1998.snapshot"],
        stdin:
          #"{"addr":"192.0.2.7","port":25,"outcome":"ok","banner":"220 x ESMTP Sendmail 8.8.8\r\n"}"#
          + "\n"),
      Case(name: "export-awk", arguments: ["export-awk", rules1997]),
      Case(name: "lint-1997", arguments: ["lint", rules1997]),
      Case(name: "lint-1998", arguments: ["lint", rules1998]),
      Case(name: "lint-1998-damaged", arguments: ["lint", lintDamaged]),
      Case(
        name: "lint-backtracking",
        arguments: [
          "lint", "--disable", "overlap", "--disable", "too-general", "--disable", "whitespace",
          "--disable", "unreachable", "Tests/Fixtures/lint/backtracking.rules",
        ]),
    ]
    + ["text", "json", "github", "sarif"].map {
      Case(name: "lint-every-check-\($0)", arguments: ["lint", "--format", $0, lintEveryCheck])
    }

  static let lintDamaged = "Tests/Fixtures/lint/smtp-1998-damaged.rules"
  static let lintEveryCheck = "Tests/Fixtures/lint/every-check.rules"

  static let mistakes: [Case] = [
    Case(name: "error-typo-command", arguments: ["clasify", rules1998, sample]),
    Case(name: "error-diff-missing-rules", arguments: ["diff", rules1998, sample]),
    Case(name: "error-corpus-as-rules", arguments: ["classify", sample, rules1998]),
    Case(
      name: "error-match-limit-range",
      arguments: ["classify", "--match-limit", "100000000000", rules1998, sample]),
    Case(
      name: "error-tally-and-format",
      arguments: ["classify", "--tally", "--format", "jsonl", rules1998, sample]),
    Case(
      name: "error-json-and-tsv",
      arguments: ["classify", "--json", "--format", "tsv", rules1998, sample]),
    Case(name: "error-no-corpus", arguments: ["report", rules1998]),
    Case(
      name: "error-missing-snapshot",
      arguments: ["test", rules1998, sample, "--expect", "corpus/no-such.snapshot"]),
    Case(name: "empty-corpus", arguments: ["classify", "--tally", rules1998, "-"]),
    Case(name: "error-lint-unreadable", arguments: ["lint", "no-such.rules", lintDamaged]),
  ]

  static let helps: [Case] =
    [Case(name: "help", arguments: ["--help"])]
    + [
      "classify", "report", "lint", "test", "diff", "merge", "record", "export-awk",
      "generate-corpus",
    ]
    .map {
      Case(name: "help-\($0)", arguments: [$0, "--help"])
    }

  @Test(arguments: outputs + mistakes + helps)
  func outputIsWhatTheGoldenFileHolds(_ run: Case) throws {
    let result = try runBanners(run.arguments, stdin: Array(run.stdin.utf8))
    let text =
      "$ banners \(run.arguments.joined(separator: " "))\nstatus: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
    try expectGolden(text, named: "golden/\(run.name).txt")
  }
}
