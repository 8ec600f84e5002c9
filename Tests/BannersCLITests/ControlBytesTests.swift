import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 12, item 5: one escaping policy for every byte that reaches stdout or stderr.
/// A rule file, corpora, a snapshot and a target list built from every C0 control,
/// DEL, C1 code (as UTF-8 and as lone bytes) and bidi override, under file names that
/// hold them too, go through every command; no output may carry one raw.
@Suite struct ControlBytesTests {
  /// Every control scalar of the policy, except newline (it ends lines in every input).
  static let controls: [Unicode.Scalar] =
    (Array(0..<0x20) + [0x7F] + Array(0x80..<0xA0)
    + [
      0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
      0x2069,
    ])
    .filter { $0 != 0x0A }.map { Unicode.Scalar($0)! }

  /// All of `controls` in one string, UTF-8 encoded, plus lone bytes 0x80-0x9F.
  static var hostileBytes: [UInt8] {
    Array(String(String.UnicodeScalarView(controls)).utf8) + Array(0x80..<0xA0)
  }

  /// A name for files: the controls a file name can hold (no NUL, no `/`).
  static let hostileName = "x\u{1B}[2J\u{07}\r\t\u{9B}31m\u{202E}gpj.\u{2066}\u{85}"

  struct Inputs {
    var rules: String
    var otherRules: String
    var badRules: String
    var corpus: String
    var plainCorpus: String
    var snapshot: String
    var targets: String
    var directory: URL
  }

  func makeInputs() throws -> Inputs {
    let directory = try makeScratchDirectory()
    func file(_ suffix: String, _ bytes: [UInt8]) throws -> String {
      let url = directory.appendingPathComponent(Self.hostileName + suffix)
      try Data(bytes).write(to: url)
      return url.path
    }
    // One rule per control: the control raw in the regex and in the label.
    var rules: [UInt8] = []
    var banners: [[UInt8]] = []
    for scalar in Self.controls where scalar.value != 0 {
      let encoded = Array(String(scalar).utf8)
      rules += Array("/<".utf8) + encoded + Array(">/ label".utf8) + encoded + Array("end\n".utf8)
      banners.append(Array("220 <".utf8) + encoded + Array(">\r\n".utf8))
    }
    rules += Array("/ESMTP/ esmtp\u{202E}\u{9B}\n".utf8)
    banners.append(Self.hostileBytes)
    var corpus: [UInt8] = []
    var plain: [UInt8] = []
    var snapshot: [UInt8] = []
    for (index, banner) in banners.enumerated() {
      let address = index % 3 == 0 ? "192.0.2.\(index)" : "h\u{1B}]52;c;\u{202E}\u{9B}\(index)"
      let record = CorpusRecord(
        address: address, port: 25, time: "1998-05-11T03:10:06Z", outcome: .ok,
        banner: banner, source: SourceLocation(file: "", line: 0))
      corpus += Array(record.jsonLine.utf8) + [0x0A]
      plain += PlainTextBanner.escape(banner) + [0x0A]
      snapshot += Array("\(address):25\tok\twrong\u{1B}\u{202E}\n".utf8)
    }
    // A line that is not JSON, quoted by the error (--skip-bad goes on).
    corpus += Array("{\"addr\":\u{1B}[2J\u{202E}".utf8) + [0x9B, 0x0A]
    // Plain text: raw controls, not escaped.
    plain += Self.hostileBytes.filter { $0 != 0x0A } + [0x0A]
    let targets = Self.hostileBytes + [0x0A] + Array("192.0.2.1\u{202E}:25\n".utf8)
    let badRules = Array("/unterminated\u{1B}[2J\u{202E}\n/(\u{9B}/ x\n".utf8)
    return Inputs(
      rules: try file(".rules", rules),
      otherRules: try file("-other.rules", Array("/<\u{1B}>/ other\u{9B}\n".utf8)),
      badRules: try file("-bad.rules", badRules),
      corpus: try file(".jsonl", corpus), plainCorpus: try file(".txt", plain),
      snapshot: try file(".snapshot", snapshot), targets: try file(".targets", targets),
      directory: directory)
  }

  /// The controls found raw in `bytes` (newline and tab are line structure, kept).
  static func rawControls(_ bytes: [UInt8]) -> [String] {
    guard let text = String(validating: bytes, as: UTF8.self) else { return ["invalid UTF-8"] }
    let controls = Set(Self.controls).subtracting(["\t"])
    return text.unicodeScalars.filter(controls.contains).map { "U+" + String($0.value, radix: 16) }
  }

  func commands(_ inputs: Inputs) -> [[String]] {
    let missing = inputs.directory.appendingPathComponent(Self.hostileName + "-missing").path
    let output = inputs.directory.appendingPathComponent(Self.hostileName + "-out.jsonl").path
    var commands: [[String]] = []
    for corpus in [inputs.corpus, inputs.plainCorpus] {
      commands += [
        ["classify", "--skip-bad", inputs.rules, corpus],
        ["classify", "--skip-bad", "--format", "tsv", inputs.rules, corpus],
        ["classify", "--skip-bad", "--format", "jsonl", inputs.rules, corpus],
        ["classify", "--skip-bad", "--tally", inputs.rules, corpus],
        ["classify", "--skip-bad", "--tally", "--json", inputs.rules, corpus],
        ["classify", inputs.rules, corpus],
        ["report", "--skip-bad", inputs.rules, corpus],
        ["report", "--skip-bad", "--json", inputs.rules, corpus],
        ["diff", "--skip-bad", inputs.rules, inputs.otherRules, corpus],
        ["diff", "--skip-bad", "--json", inputs.rules, inputs.otherRules, corpus],
        ["test", "--skip-bad", inputs.rules, corpus, "--expect", inputs.snapshot],
        ["test", "--skip-bad", "--json", inputs.rules, corpus, "--expect", inputs.snapshot],
        ["test", "--skip-bad", inputs.rules, corpus, "--expect", inputs.corpus],
      ]
    }
    commands += [
      ["export-awk", inputs.rules],
      ["export-awk", inputs.badRules],
      ["classify", inputs.badRules, inputs.corpus],
      ["classify", inputs.rules, missing],
      ["classify", missing, inputs.corpus],
      ["record", "--output", output, inputs.targets],
      ["record", "--exclude", inputs.targets, inputs.targets],
      ["record", "--shuffle", inputs.targets],
      ["classify", "--\u{1B}[2J\u{202E}\u{9B}", inputs.rules],
      ["classify", "--format", "\u{1B}[2J\u{202E}\u{9B}", inputs.rules, inputs.corpus],
    ]
    return commands
  }

  @Test func noCommandWritesAControlRaw() throws {
    let inputs = try makeInputs()
    defer { try? FileManager.default.removeItem(at: inputs.directory) }
    var ran = 0
    for arguments in commands(inputs) {
      let run = try runBanners(arguments)
      let shown = arguments.map { TerminalSafe.escape($0) }.joined(separator: " ")
      #expect(Self.rawControls(run.stdoutBytes) == [], "stdout of \(shown)")
      #expect(Self.rawControls(Array(run.stderr.utf8)) == [], "stderr of \(shown)")
      // Every command must say something, or the check above proves nothing.
      #expect(!(run.stdoutBytes.isEmpty && run.stderr.isEmpty), "no output from \(shown)")
      ran += 1
    }
    #expect(ran > 30)
  }

  /// JSON output escapes controls as `\uHHHH` and still decodes to the same bytes.
  @Test func jsonEscapesControlsAndRoundTrips() throws {
    let text = String(String.UnicodeScalarView(Self.controls))
    let quoted = JSONText.quote(text)
    #expect(Self.rawControls(Array(quoted.utf8)) == [])
    #expect(quoted.contains("\\u009b") && quoted.contains("\\u202e") && quoted.contains("\\u061c"))
    let decoded = try JSONDecoder().decode(String.self, from: Data(quoted.utf8))
    #expect(decoded == text)
  }

  /// The exported program carries no control raw, and still classifies as banners does
  /// in every installed awk.
  @Test(arguments: AwkOracle.installed)
  func exportedAwkProgramIsEscapedAndAgrees(awk: String) throws {
    var source = ""
    var banners: [[UInt8]] = []
    for scalar in Self.controls where scalar.value != 0 {
      source += "/<\(scalar)>/ label\(scalar)end\n"
      source += "/[\(scalar)]x/ bracket\(scalar)\n"
      source += "/\\\(scalar)y/ escaped\(scalar)\n"
      banners += [
        Array("220 <\(scalar)>".utf8), Array("\(scalar)x".utf8), Array("\(scalar)y".utf8),
      ]
    }
    let rules = try AwkOracle.rules(source, file: "evil\u{1B}\n\u{202E}.rules")
    let program = AwkProgram(rules).text
    #expect(Self.rawControls(Array(program.utf8)) == [])
    let matcher = RuleMatcher(rules)
    let expected = banners.map { rules.label(of: matcher.verdict(for: $0)) }
    let (labels, error) = try AwkOracle.labels(awk: awk, rules: rules, banners: banners)
    #expect(labels == expected, "\(awk): \(error)")
  }
}
