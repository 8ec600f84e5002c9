import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The lazy DFAs of a rule list that no worker holds at the moment, so that the next
/// worker starts from the states the last one built.
///
/// A scan makes a matcher per batch (`RecordExamination.makeWorker`), 2,048 lines: a
/// fresh DFA would build its few hundred states again for every batch, which cost about
/// a sixth of `classify --tally`'s time. Matchers of the default configuration take a
/// DFA from here and give it back when they go, so each worker thread keeps reusing one
/// of at most as many DFAs as matchers were ever alive at once: the one it gave back
/// last, when it is idle, so that a DFA's table stays in the cache of the core that
/// built it instead of moving between cores with the batches.
final class RuleSetDFAPool: Sendable {
  /// A DFA is used by one matcher at a time; the lock hands it from one to the next.
  private struct Idle: @unchecked Sendable {
    let dfa: RuleSetDFA
    /// The thread that gave it back.
    let thread: pthread_t
  }

  /// More idle DFAs than this are dropped (no scan runs that many workers).
  private static let limit = 64
  private let idle = Mutex<[Idle]>([])

  /// A DFA built earlier for `automaton` (the automaton of the rule list that owns this
  /// pool), or a new one.
  func take(_ automaton: RuleSetAutomaton) -> RuleSetDFA {
    let thread = pthread_self()
    return idle.withLock { idle in
      guard let index = idle.lastIndex(where: { pthread_equal($0.thread, thread) != 0 }) else {
        return idle.popLast()?.dfa
      }
      return idle.remove(at: index).dfa
    } ?? RuleSetDFA(automaton)
  }

  /// Gives `dfa` back for the next matcher; its cache stays warm.
  func giveBack(_ dfa: RuleSetDFA) {
    let idle = Idle(dfa: dfa, thread: pthread_self())
    self.idle.withLock { if $0.count < Self.limit { $0.append(idle) } }
  }
}
