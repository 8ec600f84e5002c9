// Order-sensitive pairs: two rules with different labels that match one banner on
// shared text, so their order decides its label.
extension LanguageChecks {
  /// Pairs `(i, j)`, `i < j`, both able to win, with different labels, such that some
  /// banner is a whole match of one and contains a match of the other: the two rules
  /// recognise the same text. (Any two unanchored rules match a banner holding both
  /// texts side by side; that is no news and is not reported.)
  ///
  /// A byte test rules most pairs out cheaply: the bytes every match of the inner rule
  /// must hold have to be possible in the outer rule's matches.
  enum Overlap {
    static func pairs(in rules: CheckedRules, reachable: Set<Int>, options: Options)
      -> [Diagnostic]
    {
      guard let list = rules.list else { return [] }
      let matcher = RuleMatcher(list, limits: options.matchLimits)
      let profiles = list.rules.map(ByteProfile.init)
      let candidates = list.rules.indices.filter { reachable.contains(rules.original[$0]) }
      var found: [Diagnostic] = []
      for (position, j) in candidates.enumerated() {
        let later = list.rules[j]
        for i in candidates[..<position] where list.rules[i].label != later.label {
          guard let banner = sharedBanner(i, j, rules: list.rules, profiles: profiles, options)
          else { continue }
          let matched = matcher.evaluate(banner).matched
          guard matched.contains(i), matched.contains(j) else { continue }
          var diagnostic = Diagnostic(
            .note, at: later.location,
            "this rule and line \(rules.line(i)) (\(rules.describe(i))) both match some banners, e.g. the witness; line \(rules.line(i)) comes first and wins them, so the order of the two rules decides their label",
            check: .overlap)
          diagnostic.coveredBy = [rules.line(i)]
          diagnostic.witness = banner
          found.append(diagnostic)
        }
      }
      return found
    }

    static func sharedBanner(
      _ i: Int, _ j: Int, rules: [Rule], profiles: [ByteProfile], _ options: Options
    ) -> [UInt8]? {
      for (outer, inner) in [(j, i), (i, j)]
      where profiles[inner].required.isSubset(of: profiles[outer].possible) {
        let answer = LanguageQuestions.sharedMatch(
          whole: rules[outer].translation.syntax, inner: rules[inner].translation.syntax,
          maxStates: options.maxStates)
        if case .found(let banner) = answer { return banner }
      }
      return nil
    }
  }

  /// The bytes a rule's matches may hold, and those every match must hold.
  struct ByteProfile {
    var possible = ByteSet()
    var required = ByteSet()

    init(_ rule: Rule) {
      possible = Self.bytes(in: rule.translation.syntax.root)
      if let literals = RequiredLiterals.extract(fromTranslatedPattern: rule.translation.pattern)
      {
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
