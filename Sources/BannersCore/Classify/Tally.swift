/// The posts' two tables: reasons for connection failures, and server software tallies.
///
/// Every record lands in exactly one of them, so `failures + connections == records`.
/// Memory is one counter per distinct label or reason, whatever the corpus size.
public struct Tally: Sendable, Hashable {
  public private(set) var records = 0
  public private(set) var failureCounts: [String: Int] = [:]
  public private(set) var softwareCounts: [String: Int] = [:]

  public init() {}

  /// Counts one record: a failure under its reason, a connection under `label`.
  public mutating func add(outcome: Outcome, label: String) {
    add(1, outcome: outcome, label: label)
  }

  public var failures: Int { failureCounts.values.reduce(0, +) }
  public var connections: Int { softwareCounts.values.reduce(0, +) }

  /// Rows of a table, largest count first; ties in byte order of the label, so output
  /// is stable from run to run.
  public static func rows(_ counts: [String: Int]) -> [(count: Int, label: String)] {
    counts.map { (count: $0.value, label: $0.key) }.sorted {
      $0.count != $1.count
        ? $0.count > $1.count : Array($0.label.utf8).lexicographicallyPrecedes($1.label.utf8)
    }
  }

  public var failureRows: [(count: Int, label: String)] { Self.rows(failureCounts) }
  public var softwareRows: [(count: Int, label: String)] { Self.rows(softwareCounts) }

  /// Counts `count` records at once (merging the tables of several runs).
  mutating func add(_ count: Int, outcome: Outcome, label: String) {
    records += count
    switch outcome {
    case .ok: softwareCounts[label, default: 0] += count
    case .failed(let reason): failureCounts[reason, default: 0] += count
    }
  }

  /// Adds another run's tables to these.
  mutating func merge(_ other: Tally) {
    records += other.records
    failureCounts.merge(other.failureCounts, uniquingKeysWith: +)
    softwareCounts.merge(other.softwareCounts, uniquingKeysWith: +)
  }
}
