import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 10: scanner output as corpora, end to end (`convert`, and `classify` reading
/// it directly), on files shaped like zgrab2's and masscan's documented output.
@Suite struct ConvertCommandTests {
  let zgrab2 = "Tests/Fixtures/scanners/zgrab2-smtp.json"
  let masscanJSON = "Tests/Fixtures/scanners/masscan.json"
  let masscanList = "Tests/Fixtures/scanners/masscan.list"

  @Test func zgrab2OutputConvertsToTheProjectsJSONLines() throws {
    let run = try runBanners(["convert", zgrab2, "--to", "jsonl"])
    #expect(run.status == 0)
    try expectGolden(run.stdout, named: "scanners/zgrab2-smtp.converted.jsonl")
    #expect(
      run.stderr
        == "banners: 10 records written; 1 banners hold U+FFFD: the scanner replaced bytes that were not UTF-8, and rules cannot see those bytes\n"
    )
    // What convert wrote reads back as the same records.
    let back = try runBanners(["convert", "-", "--input-format", "jsonl"], stdin: run.stdoutBytes)
    #expect(back.stdout == run.stdout)
  }

  @Test func masscanOutputsConvertToTheSameRecords() throws {
    let json = try runBanners(["convert", masscanJSON])
    let list = try runBanners(["convert", masscanList])
    #expect(json.status == 0 && list.status == 0)
    try expectGolden(json.stdout, named: "scanners/masscan.converted.jsonl")
    // The two forms carry the same bytes (addresses differ by one digit in the files).
    #expect(
      json.stdout.replacingOccurrences(of: "192.0.2.2", with: "192.0.2.3").replacingOccurrences(
        of: "mx21", with: "mx31") == list.stdout)
  }

  @Test func textFormLeavesFailuresOutAndSaysSo() throws {
    let run = try runBanners(["convert", zgrab2, "--to", "text"])
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\n").count == 5)
    #expect(run.stdout.hasPrefix("220 mx1.example.net ESMTP Sendmail 8.8.8/8.8.8; ready\\r\\n214-"))
    #expect(run.stderr.contains("5 records written; 5 failures left out"))
  }

  @Test func classifyReadsScannerOutputDirectly() throws {
    let run = try runBanners(["classify", "--tally", "rules/smtp-1998.rules", zgrab2, masscanList])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("sendmail"))
    #expect(run.stdout.contains("1 connection refused"))
    // Every command that scans says what zgrab2 lost, as convert does.
    #expect(
      run.stderr
        == "banners: note: 1 banner(s) hold U+FFFD: the scanner replaced bytes that were not UTF-8, and rules cannot see those bytes\n"
    )
    let snapshot = try makeScratchDirectory().appendingPathComponent("zgrab2.snapshot").path
    for arguments in [
      ["report", "rules/smtp-1998.rules", zgrab2],
      ["test", "rules/smtp-1998.rules", zgrab2, "--expect", snapshot, "--update"],
    ] {
      let other = try runBanners(arguments)
      #expect(other.stderr.contains("1 banner(s) hold U+FFFD"), "\(arguments[0]): \(other.stderr)")
    }
  }

  @Test func malformedScannerLineIsAnErrorOrSkipped() throws {
    let file = try makeScratchDirectory().appendingPathComponent("broken.list")
    try Data(
      """
      #masscan
      banner tcp 25 192.0.2.31 1764496802 smtp 220 ok\\x0d\\x0a
      banner tcp 2x5 192.0.2.32 1764496803 smtp 220 bad
      banner tcp 25 192.0.2.33 1764496804 smtp 220 ok again

      """.utf8
    ).write(to: file)
    let strict = try runBanners(["convert", file.path])
    #expect(strict.status == 2)
    #expect(
      strict.stderr == "\(file.path):3:12: error: masscan port must be an integer from 0 to 65535\n"
    )
    let skipping = try runBanners(["convert", file.path, "--skip-bad"])
    #expect(skipping.status == 0)
    #expect(skipping.stdout.split(separator: "\n").count == 2)
    #expect(skipping.stderr.contains(":3:12: error: masscan port must be"))
    #expect(skipping.stderr.contains("skipped 1 malformed corpus line(s) (--skip-bad)"))
    #expect(skipping.stderr.hasSuffix("banners: 2 records written\n"))
  }
}
