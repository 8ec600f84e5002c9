import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 10: `banners import nmap-service-probes` and `banners import recog` end to end,
/// on small files of our own in the two projects' formats.
@Suite struct ImportCommandTests {
  let probes = "Tests/Fixtures/import/probes-sample.txt"
  let recog = "Tests/Fixtures/import/recog-sample.xml"

  @Test func nmapImportPrintsTheSmtpMatchesOfTheNullProbe() throws {
    let run = try runBanners(["import", "nmap-service-probes", probes, "--service", "smtp"])
    #expect(run.status == 0)
    try expectGolden(run.stdout, named: "import/probes-sample-null-smtp.rules")
    try expectGolden(run.stderr, named: "import/probes-sample-null-smtp.stderr")
    // What was printed loads as a rule list with no error.
    _ = try RuleList(source: run.stdoutBytes, file: "imported")
  }

  @Test func nmapImportApproximatesOnRequest() throws {
    let run = try runBanners([
      "import", "nmap-service-probes", probes, "--service", "smtp", "--approximate",
    ])
    #expect(run.status == 0)
    try expectGolden(run.stdout, named: "import/probes-sample-null-smtp-approximate.rules")
    #expect(run.stderr.hasSuffix("6 rules: 4 translated exactly, 2 approximated, 0 dropped\n"))
    let list = try RuleList(source: run.stdoutBytes, file: "imported")
    let matcher = RuleMatcher(list)
    let verdict = matcher.verdict(for: Array("220 mx.example.net ourmail ESMTP\r\n".utf8))
    #expect(list.label(of: verdict) == "smtp * mailer")
  }

  @Test func nmapImportOfTwoProbesNamesTheProbeOfEachRule() throws {
    let run = try runBanners([
      "import", "nmap-service-probes", probes, "--probe", "null", "--probe", "HELP",
      "--service", "smtp",
    ])
    #expect(run.status == 0)
    #expect(run.stdout.contains("# Tests/Fixtures/import/probes-sample.txt:14 probe Help\n"))
    #expect(run.stdout.contains("probe NULL, softmatch\n"))
  }

  @Test func nmapImportRejectsAnUnknownProbe() throws {
    let run = try runBanners(["import", "nmap-service-probes", probes, "--probe", "EHLO"])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(run.stderr.contains("has no probe EHLO"))
  }

  @Test func nmapImportNamesAMalformedMatchLine() throws {
    let file = try makeScratchDirectory().appendingPathComponent("probes")
    try Data("Probe TCP NULL q||\nmatch smtp m|^220 unclosed\n".utf8).write(to: file)
    let run = try runBanners(["import", "nmap-service-probes", file.path])
    #expect(run.status == 2)
    #expect(run.stderr == "\(file.path):2:12: error: the pattern is not closed by '|'\n")
  }

  @Test func recogImportPrintsOneRulePerFingerprint() throws {
    let run = try runBanners(["import", "recog", recog])
    #expect(run.status == 0)
    try expectGolden(run.stdout, named: "import/recog-sample.rules")
    try expectGolden(run.stderr, named: "import/recog-sample.stderr")
    _ = try RuleList(source: run.stdoutBytes, file: "imported")
  }

  /// Recog's own example check, reproduced: every example of a fingerprint that
  /// translated exactly gets its fingerprint's label from the imported list.
  @Test func recogExamplesRoundTripThroughBannersTest() throws {
    let directory = try makeScratchDirectory()
    let rules = directory.appendingPathComponent("recog.rules").path
    let corpus = directory.appendingPathComponent("recog.jsonl").path
    let imported = try runBanners(["import", "recog", recog, "--examples", corpus])
    #expect(imported.status == 0)
    try Data(imported.stdoutBytes).write(to: URL(fileURLWithPath: rules))
    #expect(
      imported.stderr.contains(
        "wrote 4 examples to \(corpus) and their labels to \(directory.path)/recog.snapshot (2 examples of fingerprints left out)"
      ))
    let snapshot = try String(
      contentsOf: directory.appendingPathComponent("recog.snapshot"), encoding: .utf8)
    #expect(snapshot.contains("4\tok\tExample ExampleOS\n"))
    let test = try runBanners([
      "test", rules, corpus, "--expect", directory.appendingPathComponent("recog.snapshot").path,
    ])
    #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
    #expect(test.stdout.contains("4 records, nothing moved"))
  }

  /// Recog's "matches this regex first": an earlier fingerprint that claims a later
  /// one's example makes `banners test` fail and name the rule responsible.
  @Test func recogExampleClaimedByAnEarlierFingerprintFailsTheTest() throws {
    let directory = try makeScratchDirectory()
    let xml = directory.appendingPathComponent("shadow.xml")
    try Data(
      """
      <fingerprints matches="smtp.banner">
        <fingerprint pattern="ESMTP">
          <description>Anything ESMTP</description>
          <example>mx ESMTP</example>
          <param pos="0" name="service.product" value="Generic"/>
        </fingerprint>
        <fingerprint pattern="^(\\S+) ESMTP Sendmail">
          <description>Sendmail</description>
          <example>mx ESMTP Sendmail 8.14</example>
          <param pos="0" name="service.vendor" value="Sendmail"/>
        </fingerprint>
      </fingerprints>

      """.utf8
    ).write(to: xml)
    let corpus = directory.appendingPathComponent("shadow.jsonl").path
    let imported = try runBanners(["import", "recog", xml.path, "--examples", corpus])
    #expect(imported.status == 0)
    let rules = directory.appendingPathComponent("shadow.rules")
    try Data(imported.stdoutBytes).write(to: rules)
    let test = try runBanners([
      "test", rules.path, corpus, "--expect",
      directory.appendingPathComponent("shadow.snapshot").path,
    ])
    #expect(test.status == 1)
    #expect(test.stdout.contains("Sendmail"))
    #expect(test.stdout.contains("Generic"))
  }

  @Test func recogImportNamesMalformedXML() throws {
    let file = try makeScratchDirectory().appendingPathComponent("bad.xml")
    try Data("<fingerprints>\n  <fingerprint pattern=\"a\">\n</fingerprints>\n".utf8).write(
      to: file)
    let run = try runBanners(["import", "recog", file.path])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(run.stderr.hasPrefix("\(file.path):3:"))
    #expect(run.stderr.contains(": error: not a Recog XML file"))
  }
}
