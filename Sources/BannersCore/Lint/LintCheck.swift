/// The stable names of `banners lint`'s checks: printed in brackets after each
/// diagnostic, used by `--disable CHECK` and `# banners: disable=CHECK`.
public enum LintCheck: String, CaseIterable, Sendable, Hashable, Comparable {
  /// Not awk, unterminated, PCRE syntax, a regex PCRE2 cannot compile.
  case syntax
  /// Constructs that gawk, mawk and original-awk read differently.
  case portability
  /// A rule that can never be the first match (proved on automata).
  case unreachable
  /// Two rules with different labels that can both match one banner.
  case overlap
  /// A regex whose backtracking blows up on a checked attack banner.
  case backtracking
  /// The same regex twice.
  case duplicate
  /// A regex that matches every banner, or any banner holding a short common fragment.
  case tooGeneral = "too-general"
  /// Leading or trailing spaces inside a regex.
  case whitespace
  /// Labels that differ from another label only in case, spacing or punctuation.
  case similarLabel = "similar-label"

  public static func < (lhs: LintCheck, rhs: LintCheck) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
