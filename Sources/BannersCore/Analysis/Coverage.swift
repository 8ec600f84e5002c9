/// What each rule of a list does to a corpus: how many banners it wins (first match),
/// how many it matches at all, and which earlier rules claim the ones it loses.
///
///     rules/smtp-1998.rules:87  sendmail  wins 104  matches 106
///
/// A rule is **dead** on a corpus when it matches nothing and decided every banner,
/// **undecided** when it matches nothing but hit a PCRE2 limit on some banner (it may
/// match those: deleting it as dead could change verdicts), **shadowed** when it matches
/// banners but an earlier rule claims every one of them, and live otherwise.
public struct RuleCoverage: Sendable, Hashable {
  public enum Status: Sendable, Hashable {
    case live
    case dead
    /// Matched nothing, but gave up (a PCRE2 limit) on `limitHits` banners.
    case undecided
    /// The earlier rules (indices, ascending) that claim this rule's matches.
    case shadowed(by: [Int])
  }

  /// Index of the rule in its list.
  public var rule: Int
  /// Banners whose first match is this rule.
  public var wins = 0
  /// Banners this rule matches, first or not.
  public var matches = 0
  /// Banners on which this rule hit a PCRE2 limit.
  public var limitHits = 0
  /// For the banners this rule matches but does not win: the rule that wins them (or
  /// that gave up first) and how many. At most one entry per earlier rule.
  public var claimedBy: [Int: Int] = [:]

  public init(rule: Int) { self.rule = rule }

  public var status: Status {
    if matches == 0 { return limitHits > 0 ? .undecided : .dead }
    if wins == 0 { return .shadowed(by: claimedBy.keys.sorted()) }
    return .live
  }
}

/// Corpus-level counts of a report.
public struct CorpusCounts: Sendable, Hashable {
  public var records = 0
  /// Records with outcome `ok`: a banner was received.
  public var connections = 0
  /// Connections some rule claims.
  public var classified = 0
  /// Connections no rule matches: "not sure".
  public var residue = 0
  /// Connections where a rule hit a PCRE2 limit before any rule matched.
  public var undecided = 0

  public init() {}

  public var failures: Int { records - connections }

  /// Share of connections classified, 0...1 (0 for a corpus without connections).
  public var classifiedShare: Double {
    connections == 0 ? 0 : Double(classified) / Double(connections)
  }
}
