/// The checks of `banners lint` that need automata: unreachable rules (with the earlier
/// rules responsible), a witness banner for every rule that can win, order-sensitive
/// pairs, and backtracking blow-up with a checked attack.
///
/// Every claim is proved on automata (`Automata/`) or shown by a banner that PCRE2
/// confirms: an unreachable rule's language is included in the union of the languages
/// of the earlier rules named; a witness is classified by `RuleMatcher` and won by its
/// rule; an attack makes PCRE2 give up or slow down super-linearly. A question the
/// state budget cannot settle is a note saying so, never a guess. docs/lint-proofs.md
/// explains the method and its cost.
public enum LanguageChecks {
  public struct Options: Sendable {
    /// The DFA state budget per question; beyond it the answer is "undecided" (a note).
    public var maxStates: Int
    /// PCRE2's limits, as classification uses them: an attack must defeat these.
    public var matchLimits: MatchLimits
    public init(maxStates: Int = 100_000, matchLimits: MatchLimits = .default) {
      self.maxStates = maxStates
      self.matchLimits = matchLimits
    }
  }

  /// A banner that `rule` (an index into the rules given to `run`) wins: it matches the
  /// rule and no earlier rule.
  public struct Witness: Sendable, Hashable {
    public var rule: Int
    public var banner: [UInt8]
  }

  public struct Result: Sendable {
    /// Diagnostics of the checks `unreachable`, `overlap` and `backtracking`, and notes
    /// for questions left undecided by the state budget. `covered_by` holds line numbers.
    public var diagnostics: [Diagnostic] = []
    /// One witness per reachable rule, in rule order.
    public var witnesses: [Witness] = []
  }

  /// Runs the automata checks on `rules`, in list order (first match wins).
  ///
  /// Rules whose regex PCRE2 cannot compile are left out (the `syntax` check reports
  /// them); the others are checked as the list that classification would run.
  ///
  /// - Complexity: per rule, one lazy DFA over the rule and the few earlier rules whose
  ///   matches its candidate witnesses hit (found by the matcher, not by pairing every
  ///   rule with every other); overlap pairs are searched only where a cheap byte test
  ///   cannot rule them out.
  public static func run(_ rules: [Rule], options: Options = Options()) -> Result {
    let checked = CheckedRules(rules)
    var result = Result()
    var reachability = Reachability(rules: checked, options: options)
    reachability.run()
    result.diagnostics += reachability.diagnostics
    result.witnesses = reachability.witnesses
    result.diagnostics += Overlap.pairs(
      in: checked, reachable: Set(reachability.witnesses.map(\.rule)),
      shortestMembers: reachability.shortestMembers, options: options)
    result.diagnostics += Backtracking.findings(in: checked, options: options)
    result.diagnostics.sort {
      ($0.location.line, $0.location.column, $0.check ?? .syntax)
        < ($1.location.line, $1.location.column, $1.check ?? .syntax)
    }
    return result
  }
}

extension LanguageChecks {
  /// The rules that compile, as a list the matcher runs, with their indices in the
  /// caller's array.
  struct CheckedRules {
    let all: [Rule]
    /// Indices into `all` of the rules in `list`, in order.
    let original: [Int]
    let list: RuleList?

    init(_ rules: [Rule]) {
      all = rules
      let compiles = rules.map { (try? PCRE2Pattern($0.translation.pattern, options: .awk)) != nil }
      original = rules.indices.filter { compiles[$0] }
      list = try? RuleList(
        rules: original.map { rules[$0] }, file: rules.first?.location.file ?? "")
    }

    var rules: [Rule] { list?.rules ?? [] }

    /// `/Sendmail/ sendmail` for messages: the regex and label, escaped for a terminal.
    func describe(_ index: Int) -> String {
      let rule = rules[index]
      return "/\(TerminalSafe.escape(rule.regexSource))/ \(TerminalSafe.escape(rule.label))"
    }

    func line(_ index: Int) -> Int { rules[index].location.line }
  }
}
