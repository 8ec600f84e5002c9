import BannersCore
import Foundation

/// A population of emulated hosts shaped like the May 1998 survey, for the loopback
/// SMTP emulator: its failure reasons in its counts where loopback can produce them
/// (`timed out`, `connection refused`, `immediate disconnect`), and its server software
/// tally for the rest, each host sending a banner of the sample corpus that the 1998
/// rules classify as that label.
///
/// Loopback cannot produce `host unreachable` (303) or `network unreachable` (111):
/// nothing on 127/8 sends ICMP unreachables. Those hosts are left out, so the full
/// population is 20,310 - 414 = 19,896 targets.
public struct SurveyPopulation: Sendable {
  /// One emulated host: its target-list line and what it should come out as.
  public struct Host: Sendable {
    public var address: String
    /// The line for the target list: the address alone (the run's `--port`), or
    /// `address:refusedPort` for a host with no listener.
    public var targetLine: String
    public var behaviour: HostBehaviour?
    /// `ok` or the failure reason the recorder should write.
    public var expectedOutcome: String
    /// The 1998 label its banner classifies as; empty for failures.
    public var expectedLabel: String
  }

  public private(set) var hosts: [Host] = []
  private var behaviours: [String: HostBehaviour] = [:]

  /// Failure reasons of the 1998 table that loopback cannot produce.
  public static let unproducible: Set<String> = ["host unreachable", "network unreachable"]

  /// Builds the 1998 population for an emulator whose refused port is `refusedPort`.
  ///
  /// - Parameters:
  ///   - scale: 1 for the full table; less for a smaller population with the same
  ///     shape (every count scaled and rounded, at least 1 per row).
  ///   - seed: orders the hosts, so silent and refused hosts are spread through the list.
  public static func smtp1998(refusedPort: Int, scale: Double = 1, seed: UInt64 = 1998) throws
    -> SurveyPopulation
  {
    let tables = try SurveyTables.load1998()
    let rules = try RuleList(
      contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules").path)
    let matcher = RuleMatcher(rules)
    // Banners of the sample corpus by the label the 1998 rules give them.
    var banners: [String: [[UInt8]]] = [:]
    let reader = try CorpusReader(
      path: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl").path)
    while let record = try reader.next() {
      guard record.outcome == .ok, let banner = record.banner else { continue }
      banners[rules.label(of: matcher.verdict(for: banner)), default: []].append(banner)
    }

    func scaled(_ count: Int) -> Int { max(1, Int((Double(count) * scale).rounded())) }
    var plan: [(outcome: String, label: String, behaviour: HostBehaviour?)] = []
    for row in tables.failures where !unproducible.contains(row.reason) {
      let behaviour: HostBehaviour?
      switch row.reason {
      case "timed out": behaviour = .silent
      case "immediate disconnect": behaviour = .immediateClose
      case "connection refused": behaviour = nil
      default: continue
      }
      for _ in 0..<scaled(row.count) { plan.append((row.reason, "", behaviour)) }
    }
    for row in tables.software {
      guard let examples = banners[row.label], !examples.isEmpty else {
        throw SurveyPopulationError(
          message: "the sample corpus has no banner that the 1998 rules label '\(row.label)'")
      }
      for index in 0..<scaled(row.count) {
        let (greeting, reply) = splitGreeting(examples[index % examples.count])
        plan.append(("ok", row.label, .smtp(greeting: greeting, reply: reply)))
      }
    }
    var random = SeededRandom(seed: seed)
    plan.shuffle(using: &random)

    var population = SurveyPopulation()
    var listening = 0
    var refused = 0
    for entry in plan {
      let host: Host
      if let behaviour = entry.behaviour {
        let address = Self.address(block: 1, index: listening)
        listening += 1
        population.behaviours[address] = behaviour
        host = Host(
          address: address, targetLine: address, behaviour: behaviour,
          expectedOutcome: entry.outcome, expectedLabel: entry.label)
      } else {
        let address = Self.address(block: 2, index: refused)
        refused += 1
        host = Host(
          address: address, targetLine: "\(address):\(refusedPort)", behaviour: nil,
          expectedOutcome: entry.outcome, expectedLabel: entry.label)
      }
      population.hosts.append(host)
    }
    return population
  }

  /// What the host at `address` does (for `LoopbackSMTPServer`).
  public func behaviour(for address: String) -> HostBehaviour? { behaviours[address] }

  /// The target list, one line a host.
  public var targetList: String { hosts.map(\.targetLine).joined(separator: "\n") + "\n" }

  /// Expected counts per failure reason.
  public var expectedFailures: [String: Int] {
    var counts: [String: Int] = [:]
    for host in hosts where host.expectedOutcome != "ok" {
      counts[host.expectedOutcome, default: 0] += 1
    }
    return counts
  }

  /// Expected counts per software label.
  public var expectedSoftware: [String: Int] {
    var counts: [String: Int] = [:]
    for host in hosts where host.expectedOutcome == "ok" {
      counts[host.expectedLabel, default: 0] += 1
    }
    return counts
  }

  /// `127.B.x.y`, skipping host parts ending in .0 and .255.
  static func address(block: Int, index: Int) -> String {
    let hostNumber = index / 254 * 256 + index % 254 + 1
    return "127.\(block).\(hostNumber / 256).\(hostNumber % 256)"
  }

  /// The greeting (the first complete SMTP reply) and the rest, the reply to HELP.
  /// A banner with no complete reply is all greeting.
  static func splitGreeting(_ banner: [UInt8]) -> (greeting: [UInt8], reply: [UInt8]) {
    var lineStart = 0
    for index in banner.indices where banner[index] == UInt8(ascii: "\n") {
      let line = banner[lineStart..<index]
      lineStart = index + 1
      let isFinal =
        line.count >= 4 && line.prefix(3).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        && line[line.startIndex + 3] != UInt8(ascii: "-")
      if isFinal { return (Array(banner[..<lineStart]), Array(banner[lineStart...])) }
    }
    return (banner, [])
  }
}

public struct SurveyPopulationError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
