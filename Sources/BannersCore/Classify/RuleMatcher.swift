/// Matches banners against a rule list. One per worker: it owns the PCRE2 match data,
/// JIT stack and candidate set, reused for every banner; not thread-safe, cheap to make.
///
/// Callers ask for the first match (`verdict(for:)`) or every rule's answer
/// (`evaluate(_:into:)`). By default a one-pass literal prefilter picks the rules that
/// can match and PCRE2 confirms them in rule order; `.ruleByRule` runs every rule, the
/// naive engine the benchmark and the tests compare against. Both give the same answers.
public final class RuleMatcher {
  public enum Strategy: String, Sendable, CaseIterable {
    /// Scan each banner once for all rules' required literals, then confirm candidates.
    case prefiltered
    /// Try every rule's regex on every banner.
    case ruleByRule
  }

  public let rules: RuleList
  public let strategy: Strategy
  private let scratch: RegexMatchScratch
  private var candidates: CandidateSet
  /// The rules' compiled code, in memory of this matcher's own, so matching touches no
  /// reference count shared with other workers. Valid while `rules` (held above) lives.
  private let programs: UnsafeMutableBufferPointer<PCRE2Program>

  public init(_ rules: RuleList, limits: MatchLimits = .default, strategy: Strategy = .prefiltered)
  {
    self.rules = rules
    self.strategy = strategy
    self.scratch = RegexMatchScratch(limits: limits)
    self.candidates = CandidateSet(capacity: rules.rules.count)
    self.programs = .allocate(capacity: rules.patterns.count)
    _ = programs.initialize(from: rules.patterns.lazy.map(\.program))
  }

  deinit { programs.deallocate() }

  /// The first rule that matches `banner`, or residue, or undecided.
  ///
  /// - Complexity: one pass over the banner, plus a PCRE2 match for each candidate rule
  ///   up to the first that matches.
  public func verdict(for banner: [UInt8]) -> Verdict {
    banner.withUnsafeBufferPointer { verdict(for: $0) }
  }

  public func verdict(for banner: UnsafeBufferPointer<UInt8>) -> Verdict {
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

  /// Sets `candidates` to the rules that may match `banner`: all of them rule by rule,
  /// or those the prefilter lets through.
  private func markCandidates(in banner: UnsafeBufferPointer<UInt8>) {
    switch strategy {
    case .ruleByRule:
      candidates.insertAll(below: rules.rules.count)
    case .prefiltered:
      candidates.removeAll()
      rules.prefilter.markCandidates(in: banner, into: &candidates)
    }
  }
}
