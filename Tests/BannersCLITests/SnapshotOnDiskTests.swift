import BannersTestSupport
import Foundation
import Testing

/// `banners test` past its memory (`BANNERS_SORT_MEMORY`, here 1,000 bytes: the
/// shipped snapshots are read from their files, the records sorted in scratch files)
/// prints the golden outputs byte for byte, writes the shipped snapshot byte for byte,
/// leaves nothing in `$TMPDIR`, and names `$TMPDIR` when it cannot write there.
@Suite struct SnapshotOnDiskTests {
  let rules = "rules/smtp-1998.rules"
  let sample = "corpus/smtp-1998-sample.jsonl"
  let scratch: URL

  init() throws { scratch = try makeScratchDirectory() }

  func environment(memory: String = "1000", tmpdir: String? = nil) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["BANNERS_SORT_MEMORY"] = memory
    environment["TMPDIR"] = tmpdir ?? scratch.path
    return environment
  }

  var scratchLeftovers: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? ["?"]
  }

  @Test(arguments: [
    ("test-nothing-moved", ["corpus/smtp-1998-sample.1998.snapshot"]),
    ("test-moved", ["corpus/smtp-1998-sample.1997.snapshot"]),
    ("test-moved-json", ["--json", "corpus/smtp-1998-sample.1997.snapshot"]),
  ])
  func comparisonIsTheGoldenOutput(golden: String, snapshot: [String]) throws {
    let arguments =
      golden == "test-moved-json"
      ? ["test", "--json", rules, sample, "--expect", snapshot[1]]
      : ["test", rules, sample, "--expect", snapshot[0]]
    let result = try runBanners(arguments, environment: environment())
    let text =
      "$ banners \(arguments.joined(separator: " "))\nstatus: \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
    let expected = try String(
      contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/golden/\(golden).txt"),
      encoding: .utf8)
    #expect(text == expected)
    #expect(scratchLeftovers.isEmpty)
  }

  @Test func updateWritesTheShippedSnapshot() throws {
    let output = scratch.appendingPathComponent("s.snapshot")
    let result = try runBanners(
      ["test", rules, sample, "--expect", output.path, "--update"],
      environment: environment(tmpdir: scratch.path))
    #expect(result.status == 0)
    #expect(result.stderr.hasPrefix("banners: wrote 212 records to"))
    let shipped = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.1998.snapshot"))
    #expect(try Data(contentsOf: output) == shipped)
    #expect(scratchLeftovers == ["s.snapshot"])
  }

  @Test(arguments: [true, false])
  func anUnwritableTMPDIRIsNamed(update: Bool) throws {
    let directory = "/nonexistent/banners-scratch"
    let output = scratch.appendingPathComponent("s.snapshot").path
    let snapshot = update ? output : "corpus/smtp-1998-sample.1998.snapshot"
    let result = try runBanners(
      ["test", rules, sample, "--expect", snapshot] + (update ? ["--update"] : []),
      environment: environment(tmpdir: directory))
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "banners: error: cannot create a temporary file in \(directory) (TMPDIR names the directory): No such file or directory\n"
    )
    #expect(result.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func aMemoryThatIsNoNumberIsAnError() throws {
    let result = try runBanners(
      ["test", rules, sample, "--expect", "corpus/smtp-1998-sample.1998.snapshot"],
      environment: environment(memory: "32M"))
    #expect(result.status == 2)
    #expect(
      result.stderr == "banners: error: BANNERS_SORT_MEMORY must be a number of bytes, not 32M\n")
  }
}
