/// The questions `banners lint` asks about rules' languages, each answered by one lazy
/// DFA under a state budget: a banner as evidence, "no banner exists" (a proof), or
/// "gave up".
///
/// A rule's language is the set of banners that contain a match of its regex, `^` and
/// `$` read as awk reads them (the start and the end of the banner).
enum LanguageQuestions {
  typealias Answer = LazyDFA.SearchResult

  /// A DFA for "the banner contains a match of `syntax`", for matching banners one by one.
  static func containsDFA(_ syntax: AwkRegexSyntax, maxStates: Int) -> LazyDFA? {
    var nfa = NFA()
    guard (try? nfa.add(syntax, mode: .contains)) != nil else { return nil }
    return LazyDFA(nfa, maxStates: maxStates)
  }

  /// Whether `dfa` (from `containsDFA`) accepts `banner`; nil past the budget.
  static func accepts(_ dfa: inout LazyDFA, _ banner: [UInt8]) -> Bool? {
    guard let state = dfa.run(banner) else { return nil }
    return !dfa.infos[state].acceptsAtEnd.isEmpty
  }

  /// A shortest banner in the language of `target` and in none of `others`'; `.none`
  /// proves that every banner `target` matches, one of `others` matches too.
  ///
  /// The target is read as narrowly as the others allow, which keeps the DFA to the
  /// target's own text instead of every prefix of every regex. A language with no `^`
  /// is closed under adding bytes in front (its match stays where it was), one with no
  /// `$` under adding bytes after. If every other language is closed in front, a banner
  /// `u m v` that contains a match `m` of the target and escapes them all still escapes
  /// them without `u`, and `m v` is still in the target's language (a `^` it needs held
  /// at the start of `u m v`, so `u` was empty, and holds at the start of `m v`); so a
  /// banner exists iff one starting with the match does, and the shortest such banners
  /// are the same (a shortest one has `u` empty). Likewise at the end. With both, the
  /// question is about the target's whole matches alone.
  ///
  /// - Parameter narrowing: false reads the target as `.contains` always (for tests).
  static func witness(
    of target: AwkRegexSyntax, avoiding others: [AwkRegexSyntax], maxStates: Int,
    narrowing: Bool = true
  ) -> Answer {
    guard var dfa = targetDFA(target, others, maxStates: maxStates, narrowing: narrowing) else {
      return .gaveUp
    }
    return dfa.shortest(
      where: { $0.acceptsAtEnd.first == 0 && $0.acceptsAtEnd.count == 1 },
      // Another rule already matched (it stays matched), or the target can no longer.
      prune: { !$0.acceptsNow.allSatisfy { $0 == 0 } || $0.alive.first != 0 })
  }

  /// What `witnessOrCover` found.
  enum CoverAnswer: Equatable {
    /// `witness`'s banner (the same one).
    case found([UInt8])
    /// No banner: `others` cover the target. For every banner of the target's language,
    /// the set of `others` (indices) matching it, each set once: a subset of `others`
    /// covers the target exactly when it meets every one.
    case covered(sets: [Set<Int>])
    case gaveUp
  }

  /// `witness`, and when there is none, what it takes to cover the target, from the
  /// same DFA: a state records which components matched (a `.contains` match stays
  /// to the end), so the reachable states where the target matches give the sets.
  ///
  /// The search does not stop at states where another rule matched, so it may need
  /// more states than `witness`; states where one did are never a goal and lead only to
  /// such states, so the banner found is `witness`'s.
  static func witnessOrCover(
    of target: AwkRegexSyntax, avoiding others: [AwkRegexSyntax], maxStates: Int
  ) -> CoverAnswer {
    guard var dfa = targetDFA(target, others, maxStates: maxStates, narrowing: true) else {
      return .gaveUp
    }
    var sets = Set<Set<Int>>()
    let answer = dfa.shortest(
      where: { $0.acceptsAtEnd == [0] }, prune: { $0.alive.first != 0 },
      visit: { info in
        if info.acceptsAtEnd.first == 0 {
          sets.insert(Set(info.acceptsAtEnd.dropFirst().map { $0 - 1 }))
        }
      })
    switch answer {
    case .found(let banner): return .found(banner)
    case .none: return .covered(sets: Array(sets))
    case .gaveUp: return .gaveUp
    }
  }

  /// The DFA of `witness` and `witnessOrCover`: component 0 the target, read as narrowly
  /// as `others` allow, then `others` as `.contains`.
  static func targetDFA(
    _ target: AwkRegexSyntax, _ others: [AwkRegexSyntax], maxStates: Int, narrowing: Bool
  ) -> LazyDFA? {
    let closedInFront = narrowing && !others.contains { $0.containsAnchor(.start) }
    let closedAfter = narrowing && !others.contains { $0.containsAnchor(.end) }
    let mode: NFA.Mode =
      switch (closedInFront, closedAfter) {
      case (true, true): .whole
      case (true, false): .startsWithMatch
      case (false, true): .endsWithMatch
      case (false, false): .contains
      }
    var nfa = NFA()
    do {
      try nfa.add(target, mode: mode)
      for other in others { try nfa.add(other, mode: .contains) }
    } catch { return nil }
    return LazyDFA(nfa, maxStates: maxStates)
  }

  /// A shortest banner that is, as a whole, one match of `whole` and contains a match of
  /// `inner`: both rules match it, on shared text. `.none` proves there is none.
  static func sharedMatch(whole: AwkRegexSyntax, inner: AwkRegexSyntax, maxStates: Int)
    -> Answer
  {
    var nfa = NFA()
    do {
      try nfa.add(whole, mode: .whole)
      try nfa.add(inner, mode: .contains)
    } catch { return .gaveUp }
    var dfa = LazyDFA(nfa, maxStates: maxStates)
    return dfa.shortest(
      where: { $0.acceptsAtEnd.contains(0) && $0.acceptsAtEnd.contains(1) },
      prune: { !$0.alive.contains(0) })
  }
}

extension LanguageQuestions {
  /// A shortest banner that is, as a whole, one match of `syntax`.
  static func shortestWholeMember(_ syntax: AwkRegexSyntax, maxStates: Int = 10_000)
    -> [UInt8]?
  {
    var nfa = NFA()
    guard (try? nfa.add(syntax, mode: .whole)) != nil else { return nil }
    var dfa = LazyDFA(nfa, maxStates: maxStates)
    let answer = dfa.shortest(where: { !$0.acceptsAtEnd.isEmpty }, prune: { $0.alive.isEmpty })
    if case .found(let banner) = answer {
      return banner
    }
    return nil
  }
}

extension AwkRegexSyntax {
  /// Whether `^` (`.start`) or `$` (`.end`) occurs anywhere in the regex.
  func containsAnchor(_ anchor: Kind) -> Bool {
    func inAlternation(_ alternation: Alternation) -> Bool {
      alternation.branches.contains { $0.items.contains(where: inItem) }
    }
    func inItem(_ item: Item) -> Bool {
      switch item.kind {
      case .start, .end: item.kind == anchor
      case .group(let alternation, _): inAlternation(alternation)
      case .repeated(let inner, _): inItem(inner)
      case .literal, .any, .bracket: false
      }
    }
    return inAlternation(root)
  }
}
