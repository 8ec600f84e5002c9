/// What a rule list says about one banner: the first rule that matches it, residue
/// ("not sure"), or undecided when a rule gave up before any rule matched.
public enum Verdict: Sendable, Hashable {
  /// Index into `RuleList.rules` of the first matching rule.
  case matched(rule: Int)
  /// No rule matches: tallied as `not sure`.
  case residue
  /// Rule `rule` hit a PCRE2 resource limit before any earlier rule matched, so the
  /// first match cannot be known. Never silently counted as residue.
  case undecided(rule: Int, reason: String)

  /// The tally label of undecided banners; the run reports each one and exits 2.
  public static let undecidedLabel = "undecided (a rule hit a match limit)"
}

/// Every rule's answer for one banner, for analyses that need more than the first match.
public struct RuleEvaluation: Sendable, Hashable {
  /// Indices of the rules that match, ascending.
  public var matched: [Int] = []
  /// Indices of the rules that hit a resource limit, ascending, with PCRE2's reason.
  public var undecided: [(rule: Int, reason: String)] {
    get { undecidedRules.map { ($0.rule, $0.reason) } }
    set { undecidedRules = newValue.map { UndecidedRule(rule: $0.rule, reason: $0.reason) } }
  }
  var undecidedRules: [UndecidedRule] = []

  public init() {}

  /// The verdict first-match-wins gives, derived from all answers.
  public var verdict: Verdict {
    let firstMatch = matched.first
    if let limit = undecidedRules.first, limit.rule < (firstMatch ?? Int.max) {
      return .undecided(rule: limit.rule, reason: limit.reason)
    }
    return firstMatch.map { .matched(rule: $0) } ?? .residue
  }

  /// Empties both lists, keeping their memory. Element by element: `removeAll(keepingCapacity:)`
  /// goes through the generic `replaceSubrange`, about 150 instructions a banner, and
  /// `report` clears the lists for every banner (a banner has a match or two).
  mutating func removeAll() {
    while !matched.isEmpty { matched.removeLast() }
    while !undecidedRules.isEmpty { undecidedRules.removeLast() }
  }

  struct UndecidedRule: Sendable, Hashable {
    var rule: Int
    var reason: String
  }
}
