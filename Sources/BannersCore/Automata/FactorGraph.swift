/// The byte-consuming states of a regex's NFA (whole matches) and their successors,
/// anchors let through: an over-approximation that answers "can `literal` occur
/// inside some match of the regex?" in one pass over the literal. A "no" is a proof
/// (the real automaton allows fewer paths), so it rules out work without a DFA.
struct FactorGraph {
  var sets: [ByteSet] = []
  var successors: [[Int]] = []

  init?(_ syntax: AwkRegexSyntax) {
    var nfa = NFA(stateLimit: 20_000)
    guard (try? nfa.add(syntax, mode: .whole)) != nil else { return nil }
    var index: [Int: Int] = [:]
    var nexts: [Int] = []
    for (state, kind) in nfa.states.enumerated() {
      if case .bytes(let set, let next) = kind {
        index[state] = sets.count
        sets.append(set)
        nexts.append(next)
      }
    }
    successors = nexts.map { next in
      var seen = Set<Int>()
      var stack = [next]
      var found: [Int] = []
      while let state = stack.popLast() {
        guard seen.insert(state).inserted else { continue }
        switch nfa.states[state] {
        case .bytes: found.append(index[state]!)
        case .split(let targets): stack += targets
        case .start(let next), .end(let next): stack.append(next)
        case .accept: break
        }
      }
      return found
    }
  }

  /// False only when no match of the regex can contain `literal`.
  func mayContain(_ literal: [UInt8]) -> Bool {
    guard let first = literal.first else { return true }
    var current = sets.indices.filter { sets[$0].contains(first) }
    var mark = [Int](repeating: -1, count: sets.count)
    for (offset, byte) in literal.enumerated().dropFirst() {
      var next: [Int] = []
      for node in current {
        for successor in successors[node]
        where mark[successor] != offset && sets[successor].contains(byte) {
          mark[successor] = offset
          next.append(successor)
        }
      }
      if next.isEmpty { return false }
      current = next
    }
    return !current.isEmpty
  }
}
