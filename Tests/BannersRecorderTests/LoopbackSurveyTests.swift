import BannersCore
import BannersLoopback
import BannersTestSupport
import Foundation
import Testing

/// The 1998 run end to end on loopback: 19,896 emulated hosts shaped like the May 1998
/// survey (its 20,310 less the 414 unreachable hosts loopback cannot produce), recorded
/// with concurrency 250, then classified with the 1998 rules.
///
/// Recorded in two runs, so that no outcome depends on the machine's speed: the first
/// excludes the 741 silent hosts and has a read timeout that never fires; the second,
/// `--resume`, probes only what is left, the silent hosts, with a short one.
@Suite struct LoopbackSurveyTests {
  /// `classify --tally` text back into its two tables.
  static func tables(_ text: String) -> (failures: [String: Int], software: [String: Int]) {
    var failures: [String: Int] = [:]
    var software: [String: Int] = [:]
    var section = 0
    for line in text.split(separator: "\n") {
      if line.hasPrefix("Here are the reasons") {
        section = 1
        continue
      }
      if line.hasPrefix("Here are the server") {
        section = 2
        continue
      }
      let trimmed = line.drop { $0 == " " }
      guard let space = trimmed.firstIndex(of: " "), let count = Int(trimmed[..<space]) else {
        continue
      }
      let label = String(trimmed[trimmed.index(after: space)...])
      guard label != "total", !label.hasPrefix("records:") else { continue }
      if section == 1 { failures[label] = count }
      if section == 2 { software[label] = count }
    }
    return (failures, software)
  }

  // A hang guard, far beyond any machine's run (about 30 s alone on 2 cores).
  @Test(.timeLimit(.minutes(20)))
  func the1998SurveyComesOutOfClassifyTally() throws {
    let holder = PopulationBox()
    let server = try LoopbackSMTPServer(threads: 1) { holder.population?.behaviour(for: $0) }
    defer { server.shutdown() }
    let population = try SurveyPopulation.smtp1998(refusedPort: server.refusedPort)
    holder.population = population
    #expect(population.hosts.count == 20_310 - 303 - 111)

    let directory = try makeScratchDirectory()
    let targets = directory.appendingPathComponent("targets-1998.txt").path
    let corpus = directory.appendingPathComponent("survey-1998.jsonl").path
    try population.targetList.write(toFile: targets, atomically: true, encoding: .utf8)

    let silent = directory.appendingPathComponent("silent.txt").path
    try population.hosts.filter { $0.behaviour == .silent }.map { $0.targetLine + "\n" }
      .joined().write(toFile: silent, atomically: true, encoding: .utf8)

    let answering = try runBanners([
      "record", "--port", String(server.port), "--concurrency", "250", "--connect-timeout", "60",
      "--read-timeout", "60", "--exclude", silent, "--output", corpus, targets,
    ])
    #expect(answering.status == 0, "\(answering.stderr)")
    #expect(answering.stderr.contains("; 741 excluded"))
    let record = try runBanners([
      "record", "--port", String(server.port), "--concurrency", "250", "--read-timeout", "0.5",
      "--resume", "--output", corpus, targets,
    ])
    #expect(record.status == 0, "\(record.stderr)")
    #expect(record.stderr.contains("banners: recorded 741 target(s)"))

    // Every target exactly once.
    let reader = try CorpusReader(path: corpus, format: .jsonl)
    var seen = Set<String>()
    var duplicates = 0
    while let entry = try reader.next() {
      if !seen.insert(entry.target ?? "").inserted { duplicates += 1 }
    }
    let expectedTargets = Set(
      population.hosts.map {
        $0.targetLine.contains(":") ? $0.targetLine : "\($0.targetLine):\(server.port)"
      })
    #expect(duplicates == 0)
    #expect(seen == expectedTargets)

    let classify = try runBanners(["classify", "--tally", "rules/smtp-1998.rules", corpus])
    #expect(classify.status == 0)
    let tables = Self.tables(classify.stdout)
    #expect(tables.software == population.expectedSoftware)
    #expect(tables.failures == population.expectedFailures)
    #expect(tables.software["sendmail"] == 11583)
    #expect(
      tables.failures == ["timed out": 741, "connection refused": 651, "immediate disconnect": 63])
  }
}

/// Lets the emulator's lookup see the population, which needs the emulator's port first.
final class PopulationBox: @unchecked Sendable {
  // @unchecked Sendable: guarded by `lock`; written once before the first connection.
  private let lock = NSLock()
  private var value: SurveyPopulation?
  var population: SurveyPopulation? {
    get {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
    set {
      lock.lock()
      value = newValue
      lock.unlock()
    }
  }
}
