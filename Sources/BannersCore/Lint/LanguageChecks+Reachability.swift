// Unreachable rules and witnesses: for each rule, a banner it wins, or a proof that
// the earlier rules named match every banner it matches.
extension LanguageChecks {
  /// Finds, rule by rule, a witness or a cover, by refinement: search the shortest
  /// banner that the rule matches and none of a set S of earlier rules does (S starts
  /// empty); let the matcher classify it; if an earlier rule wins it, add every earlier
  /// rule that matches it to S and search again. When no banner is left, the rules of S
  /// cover the rule: that is the proof, and S is then shrunk to a minimal cover.
  struct Reachability {
    let rules: CheckedRules
    let options: Options
    var diagnostics: [Diagnostic] = []
    var witnesses: [Witness] = []

    /// Rounds of refinement per rule before giving up (each round adds a rule to S).
    static let maxRounds = 64

    /// Each rule's shortest own match (nil past the budget or when there is none):
    /// the first candidate witness, and a sample for `Overlap`.
    let shortestMembers: [[UInt8]?]

    init(rules: CheckedRules, options: Options) {
      self.rules = rules
      self.options = options
      shortestMembers = rules.rules.map {
        LanguageQuestions.shortestWholeMember($0.translation.syntax, maxStates: options.maxStates)
      }
    }

    enum Outcome: Equatable {
      case witness([UInt8])
      case covered(by: [Int])
      case undecided(String)
    }

    mutating func run() {
      guard let list = rules.list else { return }
      let matcher = RuleMatcher(list, limits: options.matchLimits)
      for index in list.rules.indices {
        let rule = list.rules[index]
        switch outcome(of: index, matcher: matcher) {
        case .witness(let banner):
          witnesses.append(Witness(rule: rules.original[index], banner: banner))
        case .covered(let cover):
          var diagnostic = Diagnostic(
            .warning, at: rule.location, Self.unreachableMessage(cover: cover, rules: rules),
            check: .unreachable)
          diagnostic.coveredBy = cover.map(rules.line)
          diagnostics.append(diagnostic)
        case .undecided(let why):
          diagnostics.append(
            Diagnostic(
              .note, at: rule.location, "could not decide whether this rule can win: \(why)",
              check: .unreachable))
        }
      }
    }

    static func unreachableMessage(cover: [Int], rules: CheckedRules) -> String {
      guard !cover.isEmpty else {
        return
          "rule can never match: no banner contains a match of this regex (an anchor where it cannot hold, such as '^' after text); fix the regex or remove the rule"
      }
      let named = cover.map { "line \(rules.line($0)) (\(rules.describe($0)))" }
      let list =
        named.count == 1
        ? named[0] : named.dropLast().joined(separator: ", ") + " and " + named.last!
      let first = rules.line(cover[0])
      let lead = cover.count == 1 ? "matched first by" : "matched first by one of"
      return
        "rule can never win: every banner it matches is \(lead) \(list); move it above line \(first) or remove it"
    }

    func outcome(of index: Int, matcher: RuleMatcher) -> Outcome {
      let target = rules.rules[index].translation.syntax
      var cover: [Int] = []
      // The earlier rules matching each banner of the rule's language seen so far: a
      // set of rules that misses one of them cannot cover the rule, no DFA needed.
      var samples: [Set<Int>] = []
      for _ in 0..<Self.maxRounds {
        // First round: the rule's shortest own match, a cheaper search than the
        // "contains" automaton and the same banner.
        var answer = LanguageQuestions.CoverAnswer.gaveUp
        let avoided = cover.map { rules.rules[$0].translation.syntax }
        if cover.isEmpty, let member = shortestMembers[index] {
          answer = .found(member)
        } else {
          answer = LanguageQuestions.witnessOrCover(
            of: target, avoiding: avoided, maxStates: options.maxStates)
        }
        var coveringSets: [Set<Int>]?
        switch answer {
        case .covered(let sets): coveringSets = sets.map { Set($0.map { cover[$0] }) }
        case .gaveUp where !cover.isEmpty:
          // `witness` alone may fit the budget where the covering sets did not.
          switch LanguageQuestions.witness(
            of: target, avoiding: avoided, maxStates: options.maxStates)
          {
          case .found(let banner): answer = .found(banner)
          case .none: answer = .covered(sets: [])
          case .gaveUp: break
          }
        default: break
        }
        switch answer {
        case .gaveUp:
          return .undecided(
            "the automata need more than \(options.maxStates) states (raise --max-states)")
        case .covered:
          return .covered(
            by: minimal(
              cover, target: target, index: index, coveringSets: coveringSets,
              samples: samples, matcher: matcher))
        case .found(let banner):
          let evaluation = matcher.evaluate(banner)
          if !evaluation.undecidedRules.isEmpty {
            return .undecided("PCRE2 hit its match limit on a candidate witness")
          }
          let earlier = evaluation.matched.filter { $0 < index && !cover.contains($0) }
          samples.append(Set(evaluation.matched.filter { $0 < index }))
          if earlier.isEmpty {
            guard evaluation.matched.first == index else {
              return .undecided("the automata and PCRE2 disagree on a candidate witness")
            }
            return .witness(preferCRLF(banner, index: index, matcher: matcher))
          }
          cover += earlier
        }
      }
      return .undecided("more than \(Self.maxRounds) earlier rules match its shortest banners")
    }

    /// Drops rules from `cover` while the rest still cover `target` (greedy, latest
    /// first, so the rules named are the earliest that suffice).
    ///
    /// `coveringSets` (from `LanguageQuestions.witnessOrCover`, the DFA over the
    /// target and the whole cover) decide every subset at once. Without them, each drop is proved by
    /// a DFA of its own, and a set that misses every earlier rule matching one of
    /// `samples` (banners of the target's language, by the rules that match them) is
    /// refuted by that banner without one. Either way the answers are those of one DFA
    /// per subset, so the cover named does not depend on the method.
    func minimal(
      _ cover: [Int], target: AwkRegexSyntax, index: Int, coveringSets: [Set<Int>]?,
      samples: [Set<Int>], matcher: RuleMatcher
    ) -> [Int] {
      var kept = cover.sorted()
      guard kept.count > 1 else { return kept }
      var samples = samples
      func covers(_ candidates: [Int]) -> Bool {
        if let coveringSets {
          return coveringSets.allSatisfy { !$0.isDisjoint(with: candidates) }
        }
        guard samples.allSatisfy({ !$0.isDisjoint(with: candidates) }) else { return false }
        let answer = LanguageQuestions.witness(
          of: target, avoiding: candidates.map { rules.rules[$0].translation.syntax },
          maxStates: options.maxStates)
        if case .found(let banner) = answer {
          let evaluation = matcher.evaluate(banner)
          if evaluation.undecidedRules.isEmpty {
            samples.append(Set(evaluation.matched.filter { $0 < index }))
          }
        }
        return answer == .none
      }
      // Most covers are one rule: try each alone first (small automata, so cheap).
      for candidate in kept where kept.count > 1 && covers([candidate]) {
        return [candidate]
      }
      for candidate in kept.reversed() where kept.count > 1 {
        let rest = kept.filter { $0 != candidate }
        if covers(rest) { kept = rest }
      }
      return kept
    }

    /// Banners end in CRLF on the wire: the witness gets one when the rule still wins.
    func preferCRLF(_ banner: [UInt8], index: Int, matcher: RuleMatcher) -> [UInt8] {
      let framed = banner + [0x0D, 0x0A]
      if case .matched(let winner) = matcher.verdict(for: framed), winner == index {
        return framed
      }
      return banner
    }
  }
}
