/// Matches banners against a rule list. One per worker: it owns the PCRE2 match data,
/// JIT stack, lazy DFA cache and candidate sets, reused for every banner; not
/// thread-safe, cheap to make.
///
/// Callers ask for the first match (`verdict(for:)`) or every rule's answer
/// (`evaluate(_:into:)`). By default one lazy DFA over the rules (`RuleSetDFA`) answers
/// them all in one pass over the banner; `.prefiltered` (also what a list too large for
/// the DFA gets) scans for the rules' literals and confirms candidates with PCRE2;
/// `.ruleByRule` runs every rule's regex, the naive engine the benchmark and the tests
/// compare against. All give the same answers.
public final class RuleMatcher {
  public enum Strategy: String, Sendable, CaseIterable {
    /// One lazy DFA answers every rule in one pass; `.prefiltered` when the list is too
    /// large for it, or the DFA gives up on it.
    case automaton
    /// Scan each banner once for all rules' required literals, then confirm candidates
    /// with PCRE2.
    case prefiltered
    /// Try every rule's regex on every banner.
    case ruleByRule
  }

  public let rules: RuleList
  public let strategy: Strategy
  private let scratch: RegexMatchScratch
  private var candidates: CandidateSet
  /// The lazy DFA, for `.automaton`. None when the DFA fallback is off
  /// (`MatchLimits.dfaWorkspaceLimit` 0): then PCRE2 answers every rule, so that its
  /// limits show as undecided, which is what that setting is for.
  private let dfa: RuleSetDFA?
  /// Whether `dfa` came from its automaton's pool (and goes back there).
  private let dfaIsPooled: Bool
  /// Rules the DFA found, a bit per rule. Memory of its own, as `programs`, so the
  /// per-banner path makes no access checks.
  private let found: UnsafeMutableBufferPointer<UInt64>
  /// The rules' compiled code, in memory of this matcher's own, so matching touches no
  /// reference count shared with other workers. Valid while `rules` (held above) lives.
  private let programs: UnsafeMutableBufferPointer<PCRE2Program>

  public convenience init(
    _ rules: RuleList, limits: MatchLimits = .default, strategy: Strategy = .automaton
  ) {
    self.init(rules, limits: limits, strategy: strategy, dfaStates: nil)
  }

  /// - Parameters:
  ///   - dfaStates: the lazy DFA's cache size in states (tests make it tiny).
  ///   - dfaBytesPerStateFloor: see `RuleSetDFA.bytesPerStateFloor`.
  init(
    _ rules: RuleList, limits: MatchLimits, strategy: Strategy, dfaStates: Int?,
    dfaBytesPerStateFloor: Int = RuleSetDFA.bytesPerStateFloor
  ) {
    self.rules = rules
    self.strategy = strategy
    self.scratch = RegexMatchScratch(limits: limits)
    self.candidates = CandidateSet(capacity: rules.rules.count)
    self.found = .allocate(capacity: (rules.rules.count + 63) / 64)
    found.initialize(repeating: 0)
    if strategy == .automaton, limits.dfaWorkspaceLimit > 0, let automaton = rules.automaton {
      // The default configuration reuses a DFA another matcher of this list built
      // (`RuleSetDFAPool`); tests' tiny caches get their own.
      let isDefault =
        dfaStates == nil && dfaBytesPerStateFloor == RuleSetDFA.bytesPerStateFloor
      self.dfa =
        isDefault
        ? rules.idleDFAs.take(automaton)
        : RuleSetDFA(automaton, maxStates: dfaStates, bytesPerStateFloor: dfaBytesPerStateFloor)
      self.dfaIsPooled = isDefault
    } else {
      self.dfaIsPooled = false
      self.dfa = nil
    }
    self.programs = .allocate(capacity: rules.patterns.count)
    _ = programs.initialize(from: rules.patterns.lazy.map(\.program))
  }

  deinit {
    programs.deallocate()
    found.deallocate()
    if let dfa, dfaIsPooled { rules.idleDFAs.giveBack(dfa) }
  }

  /// How many times the lazy DFA emptied its cache, and whether it gave up on the list
  /// (for tests).
  var dfaCacheState: (flushes: Int, disabled: Bool)? {
    dfa.map { ($0.flushes, $0.isDisabled) }
  }

  /// Which lazy DFA this matcher uses (for tests of `RuleSetDFAPool`).
  var dfaIdentity: ObjectIdentifier? { dfa.map(ObjectIdentifier.init) }

  /// The first rule that matches `banner`, or residue, or undecided.
  ///
  /// - Complexity: one pass over the banner (the DFA's); without the DFA, a literal scan
  ///   and a PCRE2 match for each candidate up to the first that matches.
  public func verdict(for banner: [UInt8]) -> Verdict {
    banner.withUnsafeBufferPointer { verdict(for: $0) }
  }

  public func verdict(for banner: UnsafeBufferPointer<UInt8>) -> Verdict {
    if dfa != nil, dfaMarksMatches(in: banner) { return verdictWithDFA() }
    // Written as plain loops over the candidate words (no closures) because this is the
    // hot path of every command.
    markCandidates(in: banner)
    for (wordIndex, word) in candidates.words.enumerated() {
      var bits = word
      while bits != 0 {
        let index = wordIndex << 6 | bits.trailingZeroBitCount
        bits &= bits - 1
        do throws(PCRE2Error) {
          if try programs[index].firstMatch(in: banner, scratch: scratch) != nil {
            return .matched(rule: index)
          }
        } catch {
          return .undecided(rule: index, reason: error.message)
        }
      }
    }
    return .residue
  }

  /// Every rule's answer for `banner`, written into `evaluation` (cleared first, so one
  /// value can be reused across banners without allocating).
  public func evaluate(_ banner: UnsafeBufferPointer<UInt8>, into evaluation: inout RuleEvaluation)
  {
    evaluation.removeAll()
    if dfa != nil, dfaMarksMatches(in: banner) {
      evaluateWithDFA(into: &evaluation)
      return
    }
    markCandidates(in: banner)
    for (wordIndex, word) in candidates.words.enumerated() {
      var bits = word
      while bits != 0 {
        let index = wordIndex << 6 | bits.trailingZeroBitCount
        bits &= bits - 1
        do throws(PCRE2Error) {
          if try programs[index].firstMatch(in: banner, scratch: scratch) != nil {
            evaluation.matched.append(index)
          }
        } catch {
          evaluation.undecidedRules.append(.init(rule: index, reason: error.message))
        }
      }
    }
  }

  public func evaluate(_ banner: [UInt8]) -> RuleEvaluation {
    var evaluation = RuleEvaluation()
    banner.withUnsafeBufferPointer { evaluate($0, into: &evaluation) }
    return evaluation
  }

  /// The byte range rule `index` matches in `banner`, for showing what matched.
  public func matchRange(ofRule index: Int, in banner: [UInt8]) -> Range<Int>? {
    banner.withUnsafeBufferPointer {
      try? programs[index].firstMatch(in: $0, scratch: scratch)
    }
  }

  /// The rule list's prefilter, asked for once (the list makes it on first use).
  private lazy var prefilter = rules.prefilter

  /// Sets `candidates` to the rules that may match `banner`: all of them rule by rule,
  /// or those the prefilter lets through.
  private func markCandidates(in banner: UnsafeBufferPointer<UInt8>) {
    switch strategy {
    case .ruleByRule:
      candidates.insertAll(below: rules.rules.count)
    case .prefiltered, .automaton:
      candidates.removeAll()
      prefilter.markCandidates(in: banner, into: &candidates)
    }
  }

  // MARK: With the lazy DFA

  /// Runs the DFA: `found` holds the rules that match; false when the DFA refused the
  /// banner (then PCRE2 answers every rule).
  private func dfaMarksMatches(in banner: UnsafeBufferPointer<UInt8>) -> Bool {
    found.update(repeating: 0)
    return dfa!.markMatches(in: banner, into: found)
  }

  /// The first match, given `found`.
  private func verdictWithDFA() -> Verdict {
    for (wordIndex, word) in found.enumerated() where word != 0 {
      return .matched(rule: wordIndex << 6 | word.trailingZeroBitCount)
    }
    return .residue
  }

  /// Every rule's answer, given `found` (the DFA decides every rule: none is undecided).
  private func evaluateWithDFA(into evaluation: inout RuleEvaluation) {
    for (wordIndex, word) in found.enumerated() {
      var bits = word
      while bits != 0 {
        evaluation.matched.append(wordIndex << 6 | bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
  }
}
