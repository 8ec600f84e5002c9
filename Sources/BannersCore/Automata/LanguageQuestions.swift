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
  static func witness(
    of target: AwkRegexSyntax, avoiding others: [AwkRegexSyntax], maxStates: Int
  ) -> Answer {
    var nfa = NFA()
    do {
      try nfa.add(target, mode: .contains)
      for other in others { try nfa.add(other, mode: .contains) }
    } catch { return .gaveUp }
    var dfa = LazyDFA(nfa, maxStates: maxStates)
    return dfa.shortest(
      where: { $0.acceptsAtEnd.first == 0 && $0.acceptsAtEnd.count == 1 },
      // Another rule already matched (it stays matched), or the target can no longer.
      prune: { !$0.acceptsNow.allSatisfy { $0 == 0 } || $0.alive.first != 0 })
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
