import BannersCore
import Foundation

/// Real awk as the oracle for banners' awk semantics: runs a rule list, exported with
/// `AwkProgram`, through an installed awk (`gawk`, `mawk`, `original-awk`) in the C
/// locale, on banners written in the plain-text corpus form.
public enum AwkOracle {
  public static let awks = ["gawk", "mawk", "original-awk"]

  /// The awks of `awks` installed on this machine (CI installs all three).
  public static var installed: [String] {
    awks.filter { name in
      ["/usr/bin/", "/usr/local/bin/", "/bin/"].contains {
        FileManager.default.isExecutableFile(atPath: $0 + name)
      }
    }
  }

  /// One label per banner, as `awk` prints them; nil when awk rejects the program
  /// (its stderr is returned in `error`).
  public static func labels(
    awk: String, rules: RuleList, banners: [[UInt8]]
  ) throws -> (labels: [String]?, error: String) {
    let scratch = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let programURL = scratch.appendingPathComponent("rules.awk")
    let inputURL = scratch.appendingPathComponent("banners.txt")
    try Data(AwkProgram(rules).text.utf8).write(to: programURL)
    var input: [UInt8] = []
    for banner in banners { input += PlainTextBanner.escape(banner) + [0x0A] }
    try Data(input).write(to: inputURL)
    let outURL = scratch.appendingPathComponent("out")
    let errURL = scratch.appendingPathComponent("err")
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [awk, "-f", programURL.path, inputURL.path]
    process.environment = ["LC_ALL": "C", "PATH": "/usr/local/bin:/usr/bin:/bin"]
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    let error = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    guard process.terminationStatus == 0 else { return (nil, error) }
    let output = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return (lines, error)
  }

  /// Rule list from rule-file text, for tests.
  public static func rules(_ text: String, file: String = "test.rules") throws -> RuleList {
    try RuleList(source: Array(text.utf8), file: file)
  }
}
