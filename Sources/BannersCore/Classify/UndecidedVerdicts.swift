/// Banners a rule gave up on (a PCRE2 limit hit before any earlier rule matched): all
/// counted, the first few kept with their record so the user can find them. They are
/// never tallied as "not sure", and a run that has any exits with status 2.
public struct UndecidedVerdicts: Sendable {
  public struct Case: Sendable {
    public var rule: Rule
    public var reason: String
    public var example: BannerExample
  }

  /// How many cases are kept to show; the count goes on.
  public static let kept = 20

  public internal(set) var count = 0
  public internal(set) var cases: [Case] = []

  public init() {}

  mutating func add(_ verdict: Verdict?, rules: RuleList, record: CorpusRecord) {
    add(verdict, rules: rules, example: BannerExample(record))
  }

  /// As `add(_:rules:record:)`, with the record's example made only when it is kept.
  mutating func add(
    _ verdict: Verdict?, rules: RuleList, example: @autoclosure () -> BannerExample
  ) {
    guard case .undecided(let rule, let reason) = verdict else { return }
    count += 1
    if cases.count < Self.kept {
      cases.append(Case(rule: rules.rules[rule], reason: reason, example: example()))
    }
  }

  /// Adds the cases of the records after these (a batch's, merged in corpus order): the
  /// first `kept` of both are kept, as if added one by one.
  mutating func merge(_ later: UndecidedVerdicts) {
    count += later.count
    cases.append(contentsOf: later.cases.prefix(Self.kept - cases.count))
  }
}
