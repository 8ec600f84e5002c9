import Synchronization

/// The lazy DFAs of a rule list that no worker holds at the moment, so that the next
/// worker starts from the states the last one built.
///
/// A scan makes a matcher per batch (`RecordExamination.makeWorker`), 2,048 lines: a
/// fresh DFA would build its few hundred states again for every batch, which cost about
/// a sixth of `classify --tally`'s time. Matchers of the default configuration take a
/// DFA from here and give it back when they go, so each worker thread keeps reusing one
/// of at most as many DFAs as matchers were ever alive at once.
final class RuleSetDFAPool: Sendable {
  /// A DFA is used by one matcher at a time; the lock hands it from one to the next.
  private struct Idle: @unchecked Sendable {
    let dfa: RuleSetDFA
  }

  /// More idle DFAs than this are dropped (no scan runs that many workers).
  private static let limit = 64
  private let idle = Mutex<[Idle]>([])

  /// A DFA built earlier for `automaton` (the automaton of the rule list that owns this
  /// pool), or a new one.
  func take(_ automaton: RuleSetAutomaton) -> RuleSetDFA {
    idle.withLock { $0.popLast()?.dfa } ?? RuleSetDFA(automaton)
  }

  /// Gives `dfa` back for the next matcher; its cache stays warm.
  func giveBack(_ dfa: RuleSetDFA) {
    let idle = Idle(dfa: dfa)
    self.idle.withLock { if $0.count < Self.limit { $0.append(idle) } }
  }
}
