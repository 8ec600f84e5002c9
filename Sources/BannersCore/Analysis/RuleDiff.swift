/// How a change to a rule list moves the labels of a corpus (`banners diff`): the
/// transition table old label -> new label, and both tallies.
///
///     OLD rules/smtp-1997.rules  NEW rules/smtp-1998.rules
///     unknown -> Raptor proxy   2
///
/// Memory is one counter per distinct (old, new) pair of labels plus a few examples each.
public struct RuleDiff: CorpusAnalysis, Sendable {
  public struct Transition: Sendable {
    public var from: String
    public var to: String
    public var count = 0
    public var examples: [BannerExample] = []
  }

  struct Key: Hashable, Sendable {
    var from: String
    var to: String
  }

  public let examples: Int
  public let examination: FirstMatchOfTwo
  public private(set) var oldTally = Tally()
  public private(set) var newTally = Tally()
  /// Connections whose label changed.
  public private(set) var changed = 0
  /// Banners a rule of either list gave up on (counted once per list).
  public private(set) var undecided = UndecidedVerdicts()
  private var transitions: [Key: Transition] = [:]

  public init(old: RuleList, new: RuleList, limits: MatchLimits = .default, examples: Int = 1) {
    self.examples = examples
    self.examination = FirstMatchOfTwo(old: old, new: new, limits: limits)
  }

  public var oldRules: RuleList { examination.old.rules }
  public var newRules: RuleList { examination.new.rules }

  public mutating func add(_ record: CorpusRecord, _ verdicts: (old: Verdict?, new: Verdict?)) {
    undecided.add(verdicts.old, rules: oldRules, record: record)
    undecided.add(verdicts.new, rules: newRules, record: record)
    add(
      record, oldLabel: verdicts.old.map { oldRules.label(of: $0) } ?? "",
      newLabel: verdicts.new.map { newRules.label(of: $0) } ?? "")
  }

  /// Counts one record under both labels (both empty for a failed connection).
  mutating func add(_ record: CorpusRecord, oldLabel: String, newLabel: String) {
    oldTally.add(outcome: record.outcome, label: oldLabel)
    newTally.add(outcome: record.outcome, label: newLabel)
    guard record.outcome == .ok, oldLabel != newLabel else { return }
    changed += 1
    let key = Key(from: oldLabel, to: newLabel)
    var transition = transitions[key] ?? Transition(from: oldLabel, to: newLabel)
    transition.count += 1
    transition.examples.keep(record, limit: examples)
    transitions[key] = transition
  }

  /// The changed cells of the transition table, largest first, then by labels.
  public var changedTransitions: [Transition] {
    transitions.values.sorted {
      $0.count != $1.count ? $0.count > $1.count : ($0.from, $0.to) < ($1.from, $1.to)
    }
  }

  /// Every software label of either tally: old count, new count; largest new count
  /// first, then largest old count, then label.
  public var tallyRows: [(label: String, old: Int, new: Int)] {
    let labels = Set(oldTally.softwareCounts.keys).union(newTally.softwareCounts.keys)
    return labels.map { ($0, oldTally.softwareCounts[$0] ?? 0, newTally.softwareCounts[$0] ?? 0) }
      .sorted { ($1.new, $1.old, $0.label) < ($0.new, $0.old, $1.label) }
  }
}
