// The end-to-end table: commands a user runs, on one generated JSON Lines corpus, beside
// what reading and searching the same file costs other tools.
//
// Fairness: every command is a process reading the same file (in the page cache after
// the warm-up round), output to /dev/null. Rounds alternate the commands (one untimed
// warm-up round, then `--runs` rounds), so a burst of load on this shared machine falls
// on all of them; medians are reported. banners uses every core unless `-j 1` says
// otherwise; the others use one (ripgrep searches one file on one thread). The awks
// read the corpus's banners pre-extracted to raw bytes, one per record, separated by
// the byte 0x1E (RS), so they neither parse JSON nor unescape: their figures are a
// floor for awk on this corpus.
import BannersCore
import Foundation

struct EndToEndCommand {
  var name: String
  var executable: String
  var arguments: [String]
  /// The row ratios and goals refer to.
  var key: String
}

/// Writes the corpus (`SyntheticCorpus`, seed 1998) and its raw banners; returns the
/// number of banners.
func writeEndToEndCorpus(records: Int, corpus: URL, rawBanners: URL) throws -> Int {
  var generator = SyntheticCorpus(seed: 1998)
  var text: [UInt8] = []
  text.reserveCapacity(records * 400)
  for _ in 0..<records {
    text += Array(generator.nextLine().utf8)
    text.append(0x0A)
  }
  try Data(text).write(to: corpus)
  var raw: [UInt8] = []
  var banners = 0
  let reader = try CorpusReader(path: corpus.path)
  while let record = try reader.next() {
    guard record.outcome == .ok, let banner = record.banner else { continue }
    raw += banner
    raw.append(0x1E)
    banners += 1
  }
  try Data(raw).write(to: rawBanners)
  return banners
}

/// The first `count` ok banners of `SyntheticCorpus` (seed 1998), read back through
/// `CorpusReader` as a user's corpus would be.
func syntheticBanners(_ count: Int) throws -> [[UInt8]] {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "banners-bench-synthetic-\(getpid()).jsonl")
  defer { try? FileManager.default.removeItem(at: path) }
  var generator = SyntheticCorpus(seed: 1998)
  var text: [UInt8] = []
  // About 92% of records are ok: a few more lines than banners are needed.
  for _ in 0..<(count + count / 8 + 100) {
    text += Array(generator.nextLine().utf8)
    text.append(0x0A)
  }
  try Data(text).write(to: path)
  var banners: [[UInt8]] = []
  let reader = try CorpusReader(path: path.path)
  while banners.count < count, let record = try reader.next() {
    if record.outcome == .ok, let banner = record.banner { banners.append(banner) }
  }
  precondition(banners.count == count, "SyntheticCorpus has fewer ok records than expected")
  return banners
}

func endToEndTable(
  rules: RuleList, rulesPath: String, records: Int, runs: Int, bannersBinary: String,
  scratch: URL
) throws {
  guard FileManager.default.isExecutableFile(atPath: bannersBinary) else {
    print(
      "\nend to end: \(bannersBinary) not found (swift build -c release, or --banners-binary PATH), skipped"
    )
    return
  }
  let corpus = scratch.appendingPathComponent("end-to-end.jsonl")
  let raw = scratch.appendingPathComponent("end-to-end.banners")
  let banners = try writeEndToEndCorpus(records: records, corpus: corpus, rawBanners: raw)
  defer {
    try? FileManager.default.removeItem(at: corpus)
    try? FileManager.default.removeItem(at: raw)
  }
  let size = (try? FileManager.default.attributesOfItem(atPath: corpus.path)[.size] as? Int) ?? 0

  var commands: [EndToEndCommand] = []
  if let wc = executable("wc") {
    commands.append(
      EndToEndCommand(name: "wc -l", executable: wc, arguments: ["-l", corpus.path], key: "wc"))
  }
  if let rg = executable("rg"), let patterns = ripgrepPatternFile(rules) {
    let patternURL = scratch.appendingPathComponent("end-to-end.rg")
    try Data(patterns).write(to: patternURL)
    commands.append(
      EndToEndCommand(
        name: "ripgrep -c, the list's regexes", executable: rg,
        arguments: ["--no-config", "-c", "-f", patternURL.path, corpus.path], key: "rg"))
  } else {
    print("end to end: ripgrep missing or the list has a catch-all rule: no ripgrep row")
  }
  let banner = { (name: String, key: String, arguments: [String]) in
    commands.append(
      EndToEndCommand(
        name: name, executable: bannersBinary, arguments: arguments + [rulesPath, corpus.path],
        key: key))
  }
  banner("banners classify --tally", "tally", ["classify", "--tally"])
  banner("banners classify --tally -j 1", "tally1", ["classify", "--tally", "-j", "1"])
  banner("banners classify --format tsv", "tsv", ["classify", "--format", "tsv"])
  banner("banners report", "report", ["report"])
  let program = AwkProgram(rules).text.replacingOccurrences(
    of: "{ b = unescape($0) }", with: "{ b = $0 }")
  let programURL = scratch.appendingPathComponent("end-to-end.awk")
  try Data(program.utf8).write(to: programURL)
  for awk in ["mawk", "gawk"] {
    guard let path = executable(awk) else {
      print("end to end: \(awk) not installed, skipped")
      continue
    }
    commands.append(
      EndToEndCommand(
        name: "\(awk), raw banners (RS 0x1E)", executable: path,
        arguments: ["-v", "RS=\u{1E}", "-f", programURL.path, raw.path], key: awk))
  }

  print("")
  print(
    "end to end: \(records) records of SyntheticCorpus (seed 1998), \(String(format: "%.1f", Double(size) / 1e6)) MB, \(banners) banners; \(ScanRequest.availableCores) cores; output to /dev/null; medians of \(runs) alternating rounds after one warm-up"
  )
  var times = [[Double]](repeating: [], count: commands.count)
  for round in 0...runs {
    for (index, command) in commands.enumerated() {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: command.executable)
      process.arguments = command.arguments
      process.environment = ["LC_ALL": "C", "PATH": "/usr/bin:/bin"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      let seconds = try time {
        try process.run()
        process.waitUntilExit()
      }
      if process.terminationStatus != 0 {
        print("end to end: \(command.name) exited with status \(process.terminationStatus)")
      }
      if round > 0 { times[index].append(seconds) }
    }
  }
  var medians: [String: Double] = [:]
  for (index, command) in commands.enumerated() { medians[command.key] = median(times[index]) }
  let tally = medians["tally"]!
  let width = commands.map(\.name.count).max() ?? 10
  print("")
  print(
    "command".padding(toLength: width, withPad: " ", startingAt: 0)
      + "     seconds   records/s   vs classify --tally")
  for (index, command) in commands.enumerated() {
    let seconds = median(times[index])
    print(
      command.name.padding(toLength: width, withPad: " ", startingAt: 0)
        + String(
          format: " %11.3f %11.0f %11.2fx", seconds, Double(records) / seconds, seconds / tally))
  }
  print("")
  func goal(_ text: String, _ value: Double?, _ target: String, _ met: Bool?) {
    guard let value, let met else { return }
    print(
      text.padding(toLength: 44, withPad: " ", startingAt: 0)
        + String(format: "%6.2fx", value) + "   goal \(target)   " + (met ? "met" : "NOT MET"))
  }
  let rg = medians["rg"]
  goal("classify --tally / ripgrep", rg.map { tally / $0 }, "<= 1.5x", rg.map { tally / $0 <= 1.5 })
  goal(
    "classify --format tsv / ripgrep", rg.map { medians["tsv"]! / $0 }, "<= 2x",
    rg.map { medians["tsv"]! / $0 <= 2 })
  goal(
    "report / classify --tally", medians["report"]! / tally, "<= 1.3x",
    medians["report"]! / tally <= 1.3)
  goal(
    "classify --tally: -j 1 / both cores", medians["tally1"]! / tally, ">= 1.7x",
    medians["tally1"]! / tally >= 1.7)
  if let mawk = medians["mawk"] {
    print(
      "mawk (raw banners) / classify --tally".padding(toLength: 44, withPad: " ", startingAt: 0)
        + String(format: "%6.2fx", mawk / tally))
  }
}
