/// The rules that one lazy DFA (`RuleSetDFA`) answers together, as one NFA with a
/// component per rule (RE2's `RE2::Set`, Hyperscan's one database): a single pass over
/// a banner tells which of them match, instead of one PCRE2 call per rule whose literal
/// occurs. Immutable once built; one per rule list, shared by every worker.
///
/// Every rule goes in, or none: a list whose NFA would pass `nfaStateBudget` states (a
/// thousand rules, a regex with large intervals) gets no automaton, and the prefilter
/// and PCRE2 match it as before. Building a DFA state visits the NFA states alive at
/// once, so the budget keeps that cheap; and a DFA over only some rules would still
/// need the literal scan for the others, which costs more than it saves (measured at a
/// thousand rules: docs/measurements.md).
///
/// The search is unanchored, but not with a `.*` loop per rule (97 rules would put 97
/// loop states in every DFA state): every position but the first may start a match of
/// any rule, so the DFA adds `anywhereStart`, the states a match can begin in without
/// passing `^`, to every state implicitly, and keeps them out of its states' keys.
struct RuleSetAutomaton: Sendable {
  let nfa: NFA
  /// The rule index of each NFA component: the component's own number.
  let ruleOfComponent: [Int32]
  /// `classOf[byte]`: the byte's class; no rule tells two bytes of a class apart.
  let classOf: [UInt8]
  /// One byte of each class.
  let representatives: [UInt8]
  var classCount: Int { representatives.count }
  /// The states a match begins in at position 0 (`^` passes): the start state's set.
  let startSet: [Int32]
  /// The states a match may begin in at any later position, sorted; `isAnywhereStart`
  /// marks them by NFA state.
  let anywhereStart: [Int32]
  let isAnywhereStart: [Bool]
  /// For each byte class, the states `anywhereStart` moves to on it (before closure).
  let anywhereSeeds: [[Int32]]

  /// Most NFA states the automaton takes: a 100-rule list of product names needs about
  /// 2,500.
  static let nfaStateBudget = 8_192

  /// Nil when the rules need more than `nfaStateBudget` NFA states.
  init?(
    translations: [AwkRegexTranslator.Translation], nfaStateBudget: Int = Self.nfaStateBudget
  ) {
    var nfa = NFA(stateLimit: nfaStateBudget)
    for translation in translations {
      // `.whole` adds no loops: acceptance is read as "contains a match" by the DFA,
      // and the unanchored start is `anywhereStart`.
      guard (try? nfa.add(translation.syntax, mode: .whole)) != nil else { return nil }
    }
    self.nfa = nfa
    self.ruleOfComponent = translations.indices.map { Int32($0) }
    let classes = ByteClasses(
      distinguishing: nfa.states.compactMap {
        if case .bytes(let set, _) = $0 { set } else { nil }
      })
    classOf = classes.classOf.map { UInt8($0) }
    representatives = classes.representatives
    var closure = NFAClosure(stateCount: nfa.states.count)
    let starts = nfa.components.map { Int32($0.start) }
    startSet = closure.kept(in: nfa, from: starts, atStart: true, atEnd: false)
    anywhereStart = closure.kept(in: nfa, from: starts, atStart: false, atEnd: false)
    var isAnywhereStart = [Bool](repeating: false, count: nfa.states.count)
    for state in anywhereStart { isAnywhereStart[Int(state)] = true }
    self.isAnywhereStart = isAnywhereStart
    var anywhereSeeds = [[Int32]](repeating: [], count: classes.count)
    for state in anywhereStart {
      guard case .bytes(let set, let next) = nfa.states[Int(state)] else { continue }
      for byteClass in 0..<classes.count where set.contains(classes.representatives[byteClass]) {
        anywhereSeeds[byteClass].append(Int32(next))
      }
    }
    self.anywhereSeeds = anywhereSeeds
  }

  /// The rules of the accept states among `states`.
  func acceptedRules(in states: [Int32]) -> [Int32] {
    states.compactMap {
      if case .accept(let component) = nfa.states[Int($0)] {
        ruleOfComponent[component]
      } else {
        nil
      }
    }
  }
}

/// The epsilon closure of NFA states, with its visited marks kept between calls (a
/// generation count, so nothing is cleared per call).
struct NFAClosure {
  private var mark: [UInt32]
  private var generation: UInt32 = 0
  private var stack: [Int32] = []

  init(stateCount: Int) { mark = [UInt32](repeating: 0, count: stateCount) }

  /// The states reachable from `seeds` without consuming a byte that a DFA state keeps
  /// (those that consume a byte, wait for `$`, or accept), sorted; `^` passes when
  /// `atStart`, `$` when `atEnd`.
  mutating func kept(
    in nfa: NFA, from seeds: some Sequence<Int32>, atStart: Bool, atEnd: Bool
  ) -> [Int32] {
    var kept: [Int32] = []
    collect(in: nfa, from: seeds, atStart: atStart, atEnd: atEnd, into: &kept)
    return kept
  }

  /// `kept(in:from:atStart:atEnd:)` into `kept` (emptied first), reusing its storage.
  mutating func collect(
    in nfa: NFA, from seeds: some Sequence<Int32>, atStart: Bool, atEnd: Bool,
    into kept: inout [Int32]
  ) {
    generation &+= 1
    if generation == 0 {
      for index in mark.indices { mark[index] = 0 }
      generation = 1
    }
    kept.removeAll(keepingCapacity: true)
    stack.removeAll(keepingCapacity: true)
    stack.append(contentsOf: seeds)
    while let state = stack.popLast() {
      guard mark[Int(state)] != generation else { continue }
      mark[Int(state)] = generation
      switch nfa.states[Int(state)] {
      case .bytes, .accept: kept.append(state)
      case .split(let targets): for target in targets { stack.append(Int32(target)) }
      case .start(let next): if atStart { stack.append(Int32(next)) }
      case .end(let next):
        kept.append(state)
        if atEnd { stack.append(Int32(next)) }
      }
    }
    kept.sort()
  }
}
