/// Bounds on the work one regex may do on one banner, so that a catastrophic pattern
/// (`/^(a|a)*$/` on forty `a`s and a `!`) cannot hang a run. A rule that hits a bound
/// is reported as undecided for that banner, never counted as "no match".
public struct MatchLimits: Sendable, Hashable {
  /// PCRE2's match limit: backtracking steps per match attempt.
  public var matchLimit: UInt32
  /// PCRE2's depth limit: nested backtracking depth.
  public var depthLimit: UInt32
  /// PCRE2's heap limit for the interpreter's backtracking memory, in KiB.
  public var heapLimitKiB: UInt32
  /// Largest JIT stack per worker, in bytes.
  public var jitStackBytes: Int
  /// Largest workspace of the DFA matcher that decides when backtracking hits a limit,
  /// in 4-byte elements (1 Mi: 4 MiB per worker, made only after a limit hit); 0 turns
  /// the fallback off, so that a limit hit is undecided at once (tests of that path).
  public var dfaWorkspaceLimit: Int

  public init(
    matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 100_000,
    heapLimitKiB: UInt32 = 64 * 1024, jitStackBytes: Int = 4 * 1024 * 1024,
    dfaWorkspaceLimit: Int = 1 << 20
  ) {
    self.dfaWorkspaceLimit = dfaWorkspaceLimit
    self.matchLimit = matchLimit
    self.depthLimit = depthLimit
    self.heapLimitKiB = heapLimitKiB
    self.jitStackBytes = jitStackBytes
  }

  public static let `default` = MatchLimits()
}
