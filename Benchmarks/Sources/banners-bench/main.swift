// banners-bench: banners against Hyperscan, ripgrep, gawk, mawk, original-awk and a
// naive rule-by-rule engine, on the same rules and the same banners, in one run; then
// the commands end to end on a generated JSON Lines corpus (EndToEnd.swift).
//
// Fairness: every engine sees the same banners, in memory for banners and Hyperscan,
// as one file for ripgrep and as one plain-text file for the awks (whose figures
// therefore include reading and unescaping the file, and starting the process: a few
// milliseconds). banners is timed on matching alone, after loading; each engine runs
// once untimed to warm up, then `--runs` times, and the median is reported: CPU time of
// the matching thread for banners and Hyperscan, wall time for processes. One core:
// no engine runs in parallel. The banners are held out by default: those of
// `SyntheticCorpus` (other hosts, dates, versions and shapes than the sample's), not
// the sample's 197 banners repeated, which would flatter caches and branch predictors.
import BannersCore
import Foundation

#if DEBUG
  let isDebugBuild = true
#else
  let isDebugBuild = false
#endif

struct Options {
  var rules = "rules/smtp-1998.rules"
  /// A corpus file whose ok banners are repeated, or "synthetic" (the default).
  var corpus = "synthetic"
  var banners = 200_000
  var runs = 5
  var awks = ["gawk", "mawk", "original-awk"]
  var allowDebugBuild = false
  var ruleCounts = [100, 1_000, 10_000]
  var scalingBanners = 20_000
  var lint = false
  var endToEndRecords = 200_000
  var bannersBinary = ".build/release/banners"
}

func parseOptions() -> Options {
  var options = Options()
  var arguments = CommandLine.arguments.dropFirst()
  while let argument = arguments.popFirst() {
    switch argument {
    case "--banners": options.banners = Int(arguments.popFirst() ?? "") ?? options.banners
    case "--runs": options.runs = Int(arguments.popFirst() ?? "") ?? options.runs
    case "--corpus": options.corpus = arguments.popFirst() ?? options.corpus
    case "--awks":
      options.awks = (arguments.popFirst() ?? "").split(separator: ",").map(String.init)
    case "--allow-debug-build": options.allowDebugBuild = true
    case "--lint": options.lint = true
    case "--rule-counts":
      options.ruleCounts = (arguments.popFirst() ?? "").split(separator: ",").compactMap {
        Int($0)
      }
    case "--scaling-banners":
      options.scalingBanners = Int(arguments.popFirst() ?? "") ?? options.scalingBanners
    case "--end-to-end-records":
      options.endToEndRecords = Int(arguments.popFirst() ?? "") ?? options.endToEndRecords
    case "--banners-binary": options.bannersBinary = arguments.popFirst() ?? options.bannersBinary
    case "--help", "-h":
      print(
        """
        usage: banners-bench [RULES] [--corpus FILE|synthetic] [--banners N] [--runs N]
                             [--awks gawk,mawk,...] [--rule-counts 100,1000,10000]
                             [--scaling-banners N] [--end-to-end-records N]
                             [--banners-binary PATH] [--lint]

        Takes N banners (default 200000): the ok banners of SyntheticCorpus (seed 1998;
        --corpus synthetic, the default), or those of --corpus FILE repeated. Times
        first-match and all-matches classification by banners (lazy DFA; and with the
        literal prefilter and PCRE2 for every rule, the engine before it), by the naive
        rule-by-rule engine, by Hyperscan (a C harness compiled at run time; needs
        libhyperscan-dev, skipped with a message without it), by ripgrep, and by each awk
        on the exported awk program. Prints medians and ratios.

        Then end to end: --end-to-end-records records (default 200000; 0 to skip) of
        SyntheticCorpus as JSON Lines, timed as processes: wc -l, ripgrep -c with the
        list's regexes, banners classify --tally (all cores and -j 1), classify --format
        tsv, report (the binary of --banners-binary, default .build/release/banners:
        build it with swift build -c release), mawk and gawk on the raw banners.

        Then the scaling with the number of rules: RULES plus generated rules up to each
        count of --rule-counts ('' to skip), all matches, banners against the naive engine,
        on --scaling-banners banners (default 20000; a tenth of them written to match
        generated rules). Build with -c release.

        --lint times lint's automata checks (LanguageChecks.run: unreachable rules,
        witnesses, overlap pairs, backtracking) on RULES and on RULES plus generated rules
        up to each count of --rule-counts, instead of classification.
        """)
      exit(0)
    default: options.rules = argument
    }
  }
  return options
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func time(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The CPU time `body` takes on this thread: banners' rows and Hyperscan's (its harness
/// does the same) are timed so, since on a loaded machine wall time also counts the
/// waits for a core. Processes (ripgrep, the awks) are timed by the wall clock.
func threadTime(_ body: () throws -> Void) rethrows -> Double {
  func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }
  let start = now()
  try body()
  return now() - start
}

let options = parseOptions()
if isDebugBuild && !options.allowDebugBuild {
  FileHandle.standardError.write(
    Data("banners-bench: refusing a debug build; use -c release (or --allow-debug-build)\n".utf8))
  exit(2)
}

let rules = try RuleList(contentsOf: options.rules)
if options.lint {
  lintTimings(rules, options: options)
  exit(0)
}
var sample: [[UInt8]] = []
let banners: [[UInt8]]
if options.corpus == "synthetic" {
  banners = try syntheticBanners(options.banners)
  sample = Array(banners.prefix(1_000))
} else {
  let reader = try CorpusReader(path: options.corpus)
  while let record = try reader.next() {
    if record.outcome == .ok, let banner = record.banner { sample.append(banner) }
  }
  banners = (0..<options.banners).map { sample[$0 % sample.count] }
}
let megabytes = Double(banners.reduce(0) { $0 + $1.count }) / 1e6
print(
  "rules: \(options.rules) (\(rules.rules.count) rules); banners: \(banners.count) (\(String(format: "%.1f", megabytes)) MB) from \(options.corpus); median of \(options.runs) runs, one core"
)

struct Row {
  var engine: String
  var seconds: Double
  var checksum: Int
}
var rows: [Row] = []

@MainActor func measure(_ engine: String, inProcess: Bool = false, _ body: () throws -> Int)
  rethrows
{
  var times: [Double] = []
  var checksum = try body()  // warm-up run, not timed: caches, page faults, JIT
  for _ in 0..<options.runs {
    times.append(
      try inProcess ? threadTime { checksum = try body() } : time { checksum = try body() })
  }
  rows.append(Row(engine: engine, seconds: median(times), checksum: checksum))
}

for strategy in RuleMatcher.Strategy.allCases {
  let matcher = RuleMatcher(rules, strategy: strategy)
  let name =
    switch strategy {
    case .automaton: "banners"
    case .prefiltered: "banners, prefilter only"
    case .ruleByRule: "naive rule-by-rule"
    }
  measure("\(name), first match", inProcess: true) {
    var matched = 0
    for banner in banners where matcher.verdict(for: banner) != .residue { matched += 1 }
    return matched
  }
  measure("\(name), all matches", inProcess: true) {
    var evaluation = RuleEvaluation()
    var total = 0
    for banner in banners {
      banner.withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
      total += evaluation.matched.count
    }
    return total
  }
}

// The awks: one plain-text file, the exported program; first match, as the posts ran it.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
  "banners-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }
let programURL = scratch.appendingPathComponent("rules.awk")
let inputURL = scratch.appendingPathComponent("banners.txt")
try Data(AwkProgram(rules).text.utf8).write(to: programURL)
var text: [UInt8] = []
for banner in banners { text += PlainTextBanner.escape(banner) + [0x0A] }
try Data(text).write(to: inputURL)

let hyperscanSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("../../hyperscan/hs-bench.c").standardized.path
switch hyperscanRows(
  rules: rules, banners: banners, runs: options.runs, scratch: scratch, source: hyperscanSource)
{
case .success(let hyperscan): rows += hyperscan
case .failure(let skip): print(skip.message)
}
switch ripgrepRow(rules: rules, banners: banners, runs: options.runs, scratch: scratch) {
case .success(let row): rows.append(row)
case .failure(let skip): print(skip.message)
}

for awk in options.awks {
  guard let path = executable(awk) else {
    print("\(awk): not installed, skipped")
    continue
  }
  try measure("\(awk), first match") {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-f", programURL.path, inputURL.path]
    process.environment = ["LC_ALL": "C"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return output.split(separator: 0x0A).filter { !$0.elementsEqual("not sure".utf8) }.count
  }
}

let reference = rows.first { $0.engine == "banners, first match" }!.seconds
let engineWidth = rows.map(\.engine.count).max() ?? 10
print("")
print(
  "engine".padding(toLength: engineWidth, withPad: " ", startingAt: 0)
    + "   banners/s     seconds   vs banners   (check)")
for row in rows {
  let rate = Double(banners.count) / row.seconds
  let line =
    row.engine.padding(toLength: engineWidth, withPad: " ", startingAt: 0)
    + String(
      format: " %11.0f %11.3f %11.2fx   %d", rate, row.seconds, row.seconds / reference,
      row.checksum)
  print(line)
}
print(
  "\n(check: banners matched for first match and any match, matches counted for all matches; equal checks mean equal answers)"
)
let allMatches = rows.first { $0.engine == "banners, all matches" }!.seconds
if let hyperscan = rows.first(where: { $0.engine == "Hyperscan, all matches" }) {
  print(
    String(
      format: "banners all matches at %.2fx Hyperscan's speed (goal >= 0.8x)",
      hyperscan.seconds / allMatches))
}

if options.endToEndRecords > 0 {
  try endToEndTable(
    rules: rules, rulesPath: options.rules, records: options.endToEndRecords, runs: options.runs,
    bannersBinary: options.bannersBinary, scratch: scratch)
}

// Scaling with the number of rules (design.md: far less than linear).
if !options.ruleCounts.isEmpty {
  let ruleText = try String(contentsOfFile: options.rules, encoding: .utf8)
  print("")
  print(
    "scaling: \(options.rules) plus generated rules; \(options.scalingBanners) banners; all matches; median of \(min(options.runs, 3)) runs"
  )
  print("")
  print(
    "   rules     banners/s  prefilter/s     naive/s   naive/banners   banners time vs fewest rules"
  )
  var fewestRulesSeconds: Double?
  for count in options.ruleCounts {
    let generated = SyntheticRules(count: max(0, count - rules.rules.count))
    let list = try RuleList(
      source: Array((ruleText + "\n" + generated.lines.joined(separator: "\n") + "\n").utf8),
      file: "scaling-\(count).rules")
    var scalingBanners: [[UInt8]] = []
    for index in 0..<options.scalingBanners {
      if index % 10 == 9, !generated.banners.isEmpty {
        scalingBanners.append(generated.banners[(index / 10) % generated.banners.count])
      } else {
        scalingBanners.append(sample[index % sample.count])
      }
    }
    var seconds: [RuleMatcher.Strategy: Double] = [:]
    var checks: [RuleMatcher.Strategy: Int] = [:]
    for strategy in RuleMatcher.Strategy.allCases {
      let matcher = RuleMatcher(list, strategy: strategy)
      var evaluation = RuleEvaluation()
      func allMatches() -> Int {
        var total = 0
        for banner in scalingBanners {
          banner.withUnsafeBufferPointer { matcher.evaluate($0, into: &evaluation) }
          total += evaluation.matched.count
        }
        return total
      }
      checks[strategy] = allMatches()  // warm-up
      seconds[strategy] = median(
        (0..<min(options.runs, 3)).map { _ in threadTime { _ = allMatches() } })
    }
    let banners = seconds[.automaton]!
    let prefiltered = seconds[.prefiltered]!
    let naive = seconds[.ruleByRule]!
    fewestRulesSeconds = fewestRulesSeconds ?? banners
    let same =
      Set(checks.values).count == 1 ? "" : "   ANSWERS DIFFER"
    print(
      String(
        format: "%8d  %12.0f  %11.0f  %10.0f  %13.1fx  %14.2fx", list.rules.count,
        Double(scalingBanners.count) / banners, Double(scalingBanners.count) / prefiltered,
        Double(scalingBanners.count) / naive, naive / banners, banners / fewestRulesSeconds!)
        + same)
  }
}

/// lint's automata checks on one core, once (they are deterministic and take seconds).
func lintTimings(_ rules: RuleList, options: Options) {
  print("lint checks (LanguageChecks.run), one core, one run")
  print("")
  print("   rules   seconds   witnesses   unreachable   undecided   overlap   backtracking")
  func report(_ list: [Rule]) {
    var result: LanguageChecks.Result?
    let seconds = time { result = LanguageChecks.run(list) }
    guard let result else { return }
    func count(_ check: LintCheck, _ severity: Diagnostic.Severity) -> Int {
      result.diagnostics.filter { $0.check == check && $0.severity == severity }.count
    }
    print(
      String(
        format: "%8d  %8.2f  %10d  %12d  %10d  %8d  %13d", list.count, seconds,
        result.witnesses.count, count(.unreachable, .warning), count(.unreachable, .note),
        count(.overlap, .note), count(.backtracking, .warning)))
  }
  report(rules.rules)
  let ruleText = (try? FileBytes.read(options.rules, limit: FileBytes.ruleFileLimit)) ?? []
  for count in options.ruleCounts where count > rules.rules.count {
    // `banners generate-rules --total COUNT RULES` writes this list to a file.
    let source = SyntheticRules.list(appendedTo: ruleText, total: count)
    guard let list = try? RuleList(source: source, file: "lint-\(count).rules")
    else { continue }
    report(list.rules)
  }
}
