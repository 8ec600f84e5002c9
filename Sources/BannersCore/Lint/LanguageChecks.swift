/// The checks of `banners lint` that need automata: unreachable rules (with the earlier
/// rules responsible), a witness banner for every rule that can win, order-sensitive
/// pairs, and backtracking blow-up with a checked attack.
///
/// TEMPORARY: the interface only, filled in by the automata work of issue 8; `run`
/// finds nothing yet. Do not ship `lint` with this body.
public enum LanguageChecks {
  public struct Options: Sendable {
    /// The DFA state budget per question; beyond it the answer is "undecided" (a note).
    public var maxStates: Int
    public init(maxStates: Int = 100_000) { self.maxStates = maxStates }
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
  public static func run(_ rules: [Rule], options: Options = Options()) -> Result {
    Result()
  }
}
