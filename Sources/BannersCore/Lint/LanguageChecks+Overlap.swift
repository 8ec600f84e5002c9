// Order-sensitive pairs: two rules with different labels that match one banner on
// shared text, so their order decides its label.
extension LanguageChecks {
  /// Pairs `(i, j)`, `i < j`, both able to win, with different labels, such that some
  /// banner is a whole match of one and contains a match of the other: the two rules
  /// recognise the same text. (Any two unanchored rules match a banner holding both
  /// texts side by side; that is no news and is not reported.)
  ///
  /// Every pair reported has a witness PCRE2 confirms. Pairs are found two ways:
  /// banners sampled from each rule's own matches (its shortest and random ones) and
  /// classified, which is cheap at any size; then, on lists of up to `exhaustiveLimit`
  /// rules, an exact search of every pair that a byte test cannot rule out (the bytes
  /// every match of one rule must hold have to be possible in the other's matches).
  enum Overlap {
    static let exhaustiveLimit = 300
    static let samplesPerRule = 6

    /// - Parameter shortestMembers: each rule's shortest own match, as `Reachability`
    ///   found it.
    static func pairs(
      in rules: CheckedRules, reachable: Set<Int>, shortestMembers: [[UInt8]?], options: Options
    ) -> [Diagnostic] {
      guard let list = rules.list else { return [] }
      let matcher = RuleMatcher(list, limits: options.matchLimits)
      let candidates = list.rules.indices.filter { reachable.contains(rules.original[$0]) }
      let isCandidate = Set(candidates)
      var witnesses: [Pair: [UInt8]] = [:]
      var wholeDFAs = list.rules.map { Self.wholeDFA($0, options) }
      var random = SeededRandom(seed: 8)
      // Sampled members of each rule's own matches.
      for rule in candidates {
        for sample in 0...samplesPerRule {
          let member: [UInt8]?
          if sample == 0 {
            member = shortestMembers[rule]
          } else {
            member = wholeDFAs[rule]?.randomMember(using: &random)
          }
          guard let member else { continue }
          let matched = matcher.evaluate(member).matched.filter {
            isCandidate.contains($0) && list.rules[$0].label != list.rules[rule].label
          }
          for other in matched where other != rule {
            witnesses[Pair(min(rule, other), max(rule, other)), default: member] = member
          }
        }
      }
      // Every remaining pair, on lists short enough.
      if candidates.count <= exhaustiveLimit {
        let profiles = list.rules.map(ByteProfile.init)
        let factors = list.rules.map { FactorGraph($0.translation.syntax) }
        let required = list.rules.map {
          RequiredLiterals.choices(from: $0.translation.syntax)
        }
        let shortest = shortestMembers
        for (position, j) in candidates.enumerated() {
          for i in candidates[..<position]
          where list.rules[i].label != list.rules[j].label && witnesses[Pair(i, j)] == nil {
            for (outer, inner) in [(j, i), (i, j)]
            where profiles[inner].required.isSubset(of: profiles[outer].possible)
              && Self.mayHold(required[inner], factors[outer])
            {
              // Fast path: the inner rule's shortest match put inside the outer's, at
              // each place (a `.*` takes it), checked as a whole match of the outer.
              if let host = shortest[outer], let guest = shortest[inner],
                let banner = Self.insertion(
                  of: guest, into: host, outer: &wholeDFAs[outer], rules: (outer, inner),
                  matcher: matcher)
              {
                witnesses[Pair(i, j)] = banner
                break
              }
              let answer = LanguageQuestions.sharedMatch(
                whole: list.rules[outer].translation.syntax,
                inner: list.rules[inner].translation.syntax, maxStates: options.maxStates)
              guard case .found(let banner) = answer else { continue }
              let matched = matcher.evaluate(banner).matched
              if matched.contains(i) && matched.contains(j) {
                witnesses[Pair(i, j)] = banner
                break
              }
            }
          }
        }
      }
      return witnesses.keys.sorted { ($0.later, $0.earlier) < ($1.later, $1.earlier) }.map {
        pair in
        let (i, j) = (pair.earlier, pair.later)
        var diagnostic = Diagnostic(
          .note, at: list.rules[j].location,
          "this rule and line \(rules.line(i)) (\(rules.describe(i))) both match some banners, e.g. the witness; line \(rules.line(i)) comes first and wins them, so the order of the two rules decides their label",
          check: .overlap)
        diagnostic.coveredBy = [rules.line(i)]
        diagnostic.witness = witnesses[pair]
        return diagnostic
      }
    }

    /// False when some literal every match of the inner rule holds (one of each
    /// choice's alternatives) cannot occur inside any match of the outer rule.
    static func mayHold(_ choices: [[[UInt8]]], _ outer: FactorGraph?) -> Bool {
      guard let outer else { return true }
      return choices.allSatisfy { alternatives in alternatives.contains(where: outer.mayContain) }
    }

    /// `host` with `guest` inserted at the first place where the result is still a
    /// whole match of the outer rule (`rules.0`) and PCRE2 finds both rules in it.
    static func insertion(
      of guest: [UInt8], into host: [UInt8], outer: inout LazyDFA?, rules: (Int, Int),
      matcher: RuleMatcher
    ) -> [UInt8]? {
      guard outer != nil else { return nil }
      for cut in 0...host.count {
        let banner = Array(host[..<cut]) + guest + Array(host[cut...])
        guard let state = outer!.run(banner), outer!.infos[state].acceptsAtEnd.first == 0,
          matcher.matchRange(ofRule: rules.0, in: banner) != nil,
          matcher.matchRange(ofRule: rules.1, in: banner) != nil
        else { continue }
        return banner
      }
      return nil
    }

    struct Pair: Hashable {
      var earlier: Int
      var later: Int
      init(_ earlier: Int, _ later: Int) {
        self.earlier = earlier
        self.later = later
      }
    }

    static func wholeDFA(_ rule: Rule, _ options: Options) -> LazyDFA? {
      var nfa = NFA()
      guard (try? nfa.add(rule.translation.syntax, mode: .whole)) != nil else { return nil }
      return LazyDFA(nfa, maxStates: min(options.maxStates, 10_000))
    }
  }

  /// The bytes a rule's matches may hold, and those every match must hold.
  struct ByteProfile {
    var possible = ByteSet()
    var required = ByteSet()

    init(_ rule: Rule) {
      possible = Self.bytes(in: rule.translation.syntax.root)
      if let literals = RequiredLiterals.extract(from: rule.translation.syntax) {
        required = literals.map { ByteSet($0) }.reduce(ByteSet.all) { $0.intersection($1) }
      }
    }

    static func bytes(in alternation: AwkRegexSyntax.Alternation) -> ByteSet {
      var set = ByteSet()
      for branch in alternation.branches {
        for item in branch.items { set = set.union(bytes(in: item)) }
      }
      return set
    }

    static func bytes(in item: AwkRegexSyntax.Item) -> ByteSet {
      switch item.kind {
      case .literal(let byte): ByteSet([byte])
      case .any: .all
      case .bracket(let bracket): bracket.byteSet
      case .start, .end: ByteSet()
      case .group(let alternation, _): bytes(in: alternation)
      case .repeated(let inner, _): bytes(in: inner)
      }
    }
  }
}
