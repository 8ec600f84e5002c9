// banners-loopback-survey: serves a population shaped like the May 1998 survey on
// loopback (127.0.0.0/8) and writes its target list, so that `banners record` can
// reproduce the 1998 run end to end without leaving the machine.
//
//   swift run banners-loopback-survey --targets /tmp/targets-1998.txt &
//   (it prints the `banners record` command to run, with the port it chose)
//
// Options: --targets FILE (default targets-1998.txt), --scale X (default 1: the full
// 19,896 hosts), --seconds N (serve N seconds, default until killed).
import BannersLoopback
import Foundation

var targetsPath = "targets-1998.txt"
var scale = 1.0
var seconds: Double?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--targets": targetsPath = arguments.popFirst() ?? targetsPath
  case "--scale": scale = arguments.popFirst().flatMap(Double.init) ?? scale
  case "--seconds": seconds = arguments.popFirst().flatMap(Double.init)
  default:
    FileHandle.standardError.write(
      Data("usage: banners-loopback-survey [--targets FILE] [--scale X] [--seconds N]\n".utf8))
    exit(2)
  }
}

do {
  // The population's target list names the server's refused port, so the server
  // starts first and learns its hosts just after.
  let holder = PopulationHolder()
  let server = try LoopbackSMTPServer(threads: 1) { address in holder.behaviour(for: address) }
  let population = try SurveyPopulation.smtp1998(refusedPort: server.refusedPort, scale: scale)
  holder.set(population)
  try population.targetList.write(toFile: targetsPath, atomically: true, encoding: .utf8)
  // The printed commands work from any directory: the rules of the checkout this demo
  // was built from, unless the current directory has its own.
  let rules =
    FileManager.default.fileExists(atPath: "rules/smtp-1998.rules")
    ? "rules/smtp-1998.rules"
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("rules/smtp-1998.rules").path
  let failures = population.expectedFailures.sorted { $0.value > $1.value }
    .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
  print(
    """
    Serving \(population.hosts.count) emulated hosts on 127.0.0.0/8 port \(server.port) \
    (no listener on port \(server.refusedPort)).
    Target list: \(targetsPath)
    Expected failures: \(failures)
    Record and classify them:
      banners record --port \(server.port) --connect-timeout 2 --read-timeout 2 \
    --output survey-1998.jsonl --rules \(rules) \(targetsPath)
      banners classify --tally \(rules) survey-1998.jsonl
    """)
  fflush(nil)
  if let seconds {
    Thread.sleep(forTimeInterval: seconds)
  } else {
    while true { Thread.sleep(forTimeInterval: 3600) }
  }
  server.shutdown()
} catch {
  FileHandle.standardError.write(Data("banners-loopback-survey: error: \(error)\n".utf8))
  exit(1)
}

/// Lets the server's behaviour lookup see the population built after the server.
final class PopulationHolder: @unchecked Sendable {
  // @unchecked Sendable: written once under the lock before any connection arrives.
  private let lock = NSLock()
  private var population: SurveyPopulation?

  func set(_ population: SurveyPopulation) {
    lock.lock()
    self.population = population
    lock.unlock()
  }

  func behaviour(for address: String) -> HostBehaviour? {
    lock.lock()
    defer { lock.unlock() }
    return population?.behaviour(for: address)
  }
}
