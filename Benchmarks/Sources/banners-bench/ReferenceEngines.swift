// Hyperscan and ripgrep as reference rows: the same rules (banners' PCRE2 translation of
// each awk regex) on the same banners, in the same run.
//
// Fairness: Hyperscan runs in a small C harness (Benchmarks/hyperscan/hs-bench.c,
// compiled with `cc -O2 -lhs` when the bench runs) that times matching alone, banners
// in memory, like banners' rows: one untimed warm-up, then the median of `--runs`.
// ripgrep is a process over a file of the banners separated by NUL bytes
// (`--null-data`), so its figure includes starting, reading and compiling its regexes
// (a few milliseconds); it counts banners any rule matches, which is what the first-match
// check counts.
import BannersCore
import Foundation

/// The rules as PCRE-syntax patterns, in rule order; nil for a catch-all rule (no
/// pattern: it matches every banner).
func pcrePatterns(_ rules: RuleList) -> [[UInt8]?] {
  rules.rules.map { $0.isCatchAll ? nil : $0.translation.pattern }
}

/// An installed program's path, looked up in the usual places.
func executable(_ name: String) -> String? {
  ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a program to the end; its standard output, or nil when it fails to start or
/// exits non-zero (its standard error goes to `errors` when given).
func runProgram(
  _ path: String, _ arguments: [String], environment: [String: String]? = nil,
  errors: URL? = nil
) -> Data? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let pipe = Pipe()
  process.standardOutput = pipe
  if let errors {
    FileManager.default.createFile(atPath: errors.path, contents: nil)
    process.standardError = try? FileHandle(forWritingTo: errors)
  } else {
    process.standardError = FileHandle.nullDevice
  }
  do { try process.run() } catch { return nil }
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return process.terminationStatus == 0 ? output : nil
}

/// Hyperscan through `hs-bench`: (all matches, first match) rows, or a message saying
/// why there are none.
func hyperscanRows(
  rules: RuleList, banners: [[UInt8]], runs: Int, scratch: URL, source: String
) -> Result<[Row], BenchSkip> {
  guard FileManager.default.fileExists(atPath: "/usr/include/hs/hs.h") else {
    return .failure(
      BenchSkip(
        "Hyperscan: libhyperscan-dev is not installed (apt-get install -y libhyperscan-dev), skipped"
      ))
  }
  guard let cc = executable("cc") else {
    return .failure(BenchSkip("Hyperscan: no C compiler (cc), skipped"))
  }
  let harness = scratch.appendingPathComponent("hs-bench")
  let compileErrors = scratch.appendingPathComponent("hs-bench.cc-errors")
  guard
    runProgram(
      cc, ["-O2", "-o", harness.path, source, "-lhs"], errors: compileErrors) != nil
  else {
    let message = (try? String(contentsOf: compileErrors, encoding: .utf8)) ?? ""
    return .failure(
      BenchSkip("Hyperscan: cannot compile \(source), skipped\n\(message)"))
  }
  var patternFile: [UInt8] = []
  var catchAlls = 0
  for pattern in pcrePatterns(rules) {
    guard let pattern else {
      catchAlls += 1
      continue
    }
    patternFile += pattern + [0]
  }
  var bannerFile: [UInt8] = []
  for banner in banners {
    withUnsafeBytes(of: UInt32(banner.count).littleEndian) { bannerFile += $0 }
    bannerFile += banner
  }
  let patternURL = scratch.appendingPathComponent("patterns.hs")
  let bannerURL = scratch.appendingPathComponent("banners.hs")
  let runErrors = scratch.appendingPathComponent("hs-bench.errors")
  do {
    try Data(patternFile).write(to: patternURL)
    try Data(bannerFile).write(to: bannerURL)
  } catch {
    return .failure(BenchSkip("Hyperscan: cannot write its input (\(error)), skipped"))
  }
  guard
    let output = runProgram(
      harness.path, [patternURL.path, bannerURL.path, String(runs)], errors: runErrors)
  else {
    let message = (try? String(contentsOf: runErrors, encoding: .utf8)) ?? ""
    return .failure(BenchSkip("Hyperscan: hs-bench failed, skipped\n\(message)"))
  }
  var rows: [Row] = []
  var dropped = 0
  for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
    let fields = line.split(separator: " ")
    if fields.first == "dropped", fields.count == 2 { dropped = Int(fields[1]) ?? 0 }
    guard fields.count == 3, let seconds = Double(fields[1]), let check = Int(fields[2])
    else { continue }
    // A catch-all rule has no pattern: it matches every banner.
    let all = fields[0] == "all"
    let checksum = all ? check + catchAlls * banners.count : (catchAlls > 0 ? banners.count : check)
    rows.append(
      Row(
        engine: "Hyperscan, \(all ? "all matches" : "first match")", seconds: seconds,
        checksum: checksum))
  }
  if dropped > 0, let message = try? String(contentsOf: runErrors, encoding: .utf8) {
    print("Hyperscan left out \(dropped) rules it cannot compile (checks will differ):")
    print(message, terminator: "")
  }
  return .success(rows)
}

/// The patterns for ripgrep's default engine: one a line, each with `(?s-u)` (awk's `.`
/// matches a newline; bytes, not Unicode), or nil when a pattern holds a newline or a
/// NUL, which a pattern file cannot carry.
func ripgrepPatternFile(_ rules: RuleList) -> [UInt8]? {
  var file: [UInt8] = []
  for pattern in pcrePatterns(rules) {
    guard let pattern else { return nil }
    if pattern.contains(0x0A) || pattern.contains(0) { return nil }
    file += Array("(?s-u)".utf8) + pattern + [0x0A]
  }
  return file
}

/// ripgrep counting the banners (NUL-separated) that any rule matches; nil with a
/// message when it is missing or cannot take the patterns.
func ripgrepRow(
  rules: RuleList, banners: [[UInt8]], runs: Int, scratch: URL
) -> Result<Row, BenchSkip> {
  guard let rg = executable("rg") else {
    return .failure(BenchSkip("ripgrep: not installed (apt-get install -y ripgrep), skipped"))
  }
  guard let patterns = ripgrepPatternFile(rules) else {
    return .failure(BenchSkip("ripgrep: a rule is a catch-all or holds a newline, skipped"))
  }
  let patternURL = scratch.appendingPathComponent("patterns.rg")
  let inputURL = scratch.appendingPathComponent("banners.nul")
  var input: [UInt8] = []
  for banner in banners { input += banner + [0] }
  do {
    try Data(patterns).write(to: patternURL)
    try Data(input).write(to: inputURL)
  } catch {
    return .failure(BenchSkip("ripgrep: cannot write its input (\(error)), skipped"))
  }
  let arguments = ["--null-data", "--count", "--no-config", "-f", patternURL.path, inputURL.path]
  var times: [Double] = []
  var count = 0
  for run in 0...runs {
    var output: Data?
    let seconds = time { output = runProgram(rg, arguments) }
    guard let output else {
      return .failure(BenchSkip("ripgrep: rg \(arguments.joined(separator: " ")) failed, skipped"))
    }
    // With --null-data the count ends with a NUL, not a newline.
    count = Int(String(decoding: output.filter { (0x30...0x39).contains($0) }, as: UTF8.self)) ?? -1
    if run > 0 { times.append(seconds) }
  }
  return .success(
    Row(engine: "ripgrep (process), any match", seconds: median(times), checksum: count))
}

/// A reference engine that could not run, and why.
struct BenchSkip: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
