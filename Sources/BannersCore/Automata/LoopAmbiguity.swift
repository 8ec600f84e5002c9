/// LoopAmbiguity: exponential ambiguity (EDA) of a regex's automaton, the criterion of recheck and
/// eslint-plugin-regexp for catastrophic backtracking: some state `p` can go round a
/// loop back to itself along two different paths on the same string. A backtracking
/// matcher that fails after `prefix + pump^k` then tries 2^k ways.
///
/// The graph is the NFA with its epsilon moves removed (one node per byte-consuming
/// state); two paths on one string are a path in its square (pairs of states) from
/// `(p, p)` through some `(q1, q2)`, `q1 != q2`, back to `(p, p)`: a strongly connected
/// component of the square holding both.
struct LoopAmbiguity {
  /// A string that reaches `p` from the start, and a string that leads from `p` back to
  /// `p` in two ways.
  struct Pump: Equatable {
    var prefix: [UInt8]
    var pump: [UInt8]
  }

  let nfa: NFA
  /// Byte-consuming NFA states, and their byte sets.
  let nodes: [Int]
  let sets: [ByteSet]
  /// Successors of each node (indices into `nodes`) after consuming its byte, with the
  /// number of ways (1 or 2: "more than one") to get there.
  let successors: [[(node: Int, paths: Int)]]
  let initial: [Int]
  let classes: ByteClasses

  /// Squares of automata larger than this are not built (the answer is then "none
  /// found", which only means no warning).
  static let maxNodes = 120

  /// The automaton of `syntax`, or nil when it cannot hold the ambiguity asked for:
  /// `polynomial` false asks for exponential ambiguity only, true for either.
  init?(_ syntax: AwkRegexSyntax, polynomial: Bool = false) {
    // A loop whose body is one path cannot go round two ways: only a loop around an
    // alternation or another quantifier can (`(a|a)*`, `(x+x+)+`, `(a*)*`). Polynomial
    // ambiguity needs two loops at least (`a*a*b`).
    guard
      polynomial
        ? Self.loopCount(syntax.root) >= 2
        : Self.hasBranchingLoop(syntax.root, insideLoop: false)
    else { return nil }
    var nfa = NFA(stateLimit: 5_000)
    guard (try? nfa.add(syntax, mode: .whole)) != nil else { return nil }
    self.nfa = nfa
    var nodes: [Int] = []
    var sets: [ByteSet] = []
    var nodeIndex: [Int: Int] = [:]
    for (state, kind) in nfa.states.enumerated() {
      if case .bytes(let set, _) = kind {
        nodeIndex[state] = nodes.count
        nodes.append(state)
        sets.append(set)
      }
    }
    guard nodes.count <= Self.maxNodes else { return nil }
    /// Byte states reachable without consuming, each with the number of distinct
    /// epsilon paths to it (capped at 2; a path never repeats a state, as PCRE2 does
    /// not go round an empty loop twice).
    func consumers(from seed: Int, atStart: Bool) -> [(node: Int, paths: Int)] {
      var paths: [Int: Int] = [:]
      var budget = 10_000
      var onPath = Set<Int>()
      func walk(_ state: Int) {
        budget -= 1
        guard budget > 0, !onPath.contains(state) else { return }
        switch nfa.states[state] {
        case .bytes: paths[nodeIndex[state]!, default: 0] += 1
        case .split(let targets):
          onPath.insert(state)
          for target in targets where (paths.values.max() ?? 0) < 64 { walk(target) }
          onPath.remove(state)
        case .start(let next):
          if atStart {
            onPath.insert(state)
            walk(next)
            onPath.remove(state)
          }
        case .end, .accept: break  // `$` cannot pass before more bytes: a path ends
        }
      }
      walk(seed)
      return paths.keys.sorted().map { ($0, min(paths[$0]!, 2)) }
    }
    self.nodes = nodes
    self.sets = sets
    self.successors = nodes.map {
      guard case .bytes(_, let next) = nfa.states[$0] else { return [] }
      return consumers(from: next, atStart: false)
    }
    self.initial = consumers(from: nfa.components[0].start, atStart: true).map(\.node)
    self.classes = ByteClasses(distinguishing: sets)
  }

  static func hasBranchingLoop(_ alternation: AwkRegexSyntax.Alternation, insideLoop: Bool)
    -> Bool
  {
    if insideLoop && alternation.branches.count > 1 { return true }
    return alternation.branches.contains { branch in
      branch.items.contains { hasBranchingLoop($0, insideLoop: insideLoop) }
    }
  }

  static func hasBranchingLoop(_ item: AwkRegexSyntax.Item, insideLoop: Bool) -> Bool {
    switch item.kind {
    case .literal, .any, .bracket, .start, .end: return false
    case .group(let alternation, _): return hasBranchingLoop(alternation, insideLoop: insideLoop)
    case .repeated(let inner, let quantifier):
      if insideLoop { return true }
      let loops = quantifier.max.map { $0 > 1 } ?? true
      return hasBranchingLoop(inner, insideLoop: loops)
    }
  }

  /// Quantifiers that can repeat their item more than once, nested ones included.
  static func loopCount(_ alternation: AwkRegexSyntax.Alternation) -> Int {
    alternation.branches.reduce(0) { total, branch in
      branch.items.reduce(total) { $0 + loopCount($1) }
    }
  }

  static func loopCount(_ item: AwkRegexSyntax.Item) -> Int {
    switch item.kind {
    case .literal, .any, .bracket, .start, .end: return 0
    case .group(let inner, _): return loopCount(inner)
    case .repeated(let inner, let quantifier):
      return (quantifier.max.map { $0 > 1 } ?? true ? 1 : 0) + loopCount(inner)
    }
  }

  /// Successors of the pair `(a, b)` on one byte class each; `twice` marks a step from
  /// `(a, a)` to `(x, x)` that can be taken along two different epsilon paths.
  func pairSuccessors(_ a: Int, _ b: Int) -> [(pair: Int, byte: UInt8, twice: Bool)] {
    var out: [(Int, UInt8, Bool)] = []
    let common = sets[a].intersection(sets[b])
    guard !common.isEmpty else { return [] }
    var seenClass = Set<Int>()
    for byte in common.bytes where seenClass.insert(classes.classOf[Int(byte)]).inserted {
      let byte = classes.representatives[classes.classOf[Int(byte)]]
      for x in successors[a] {
        for y in successors[b] {
          out.append(
            (x.node * nodes.count + y.node, byte, a == b && x.node == y.node && x.paths > 1))
        }
      }
    }
    return out
  }

  /// An exponentially ambiguous loop, if the automaton has one.
  func exponentialPump() -> Pump? {
    let n = nodes.count
    let total = n * n
    // Kosaraju: finishing order on the square, then components on its reverse.
    var edges = [[(Int, UInt8)]](repeating: [], count: total)
    var doubled: [(from: Int, to: Int, byte: UInt8)] = []
    var reverse = [[Int]](repeating: [], count: total)
    for a in 0..<n {
      for b in 0..<n {
        let from = a * n + b
        for (to, byte, twice) in pairSuccessors(a, b) {
          if twice { doubled.append((from, to, byte)) }
          edges[from].append((to, byte))
          reverse[to].append(from)
        }
      }
    }
    var order: [Int] = []
    var visited = [Bool](repeating: false, count: total)
    for root in 0..<total where !visited[root] {
      var stack: [(node: Int, edge: Int)] = [(root, 0)]
      visited[root] = true
      while let top = stack.last {
        if top.edge < edges[top.node].count {
          stack[stack.count - 1].edge += 1
          let next = edges[top.node][top.edge].0
          if !visited[next] {
            visited[next] = true
            stack.append((next, 0))
          }
        } else {
          order.append(top.node)
          stack.removeLast()
        }
      }
    }
    var component = [Int](repeating: -1, count: total)
    var count = 0
    for root in order.reversed() where component[root] < 0 {
      var stack = [root]
      component[root] = count
      while let node = stack.popLast() {
        for previous in reverse[node] where component[previous] < 0 {
          component[previous] = count
          stack.append(previous)
        }
      }
      count += 1
    }
    // Two epsilon paths between the same two states on a loop: `([a-z]+[0-9]*)+`, `(a*)*`.
    for edge in doubled where component[edge.from] == component[edge.to] {
      let p = edge.from / n
      guard
        let back = edge.to == edge.from
          ? []
          : path(
            from: edge.to, to: edge.from, edges: edges, within: component, component[edge.from]),
        let prefix = prefix(to: p)
      else { continue }
      return Pump(prefix: prefix, pump: [edge.byte] + back)
    }
    for p in 0..<n {
      let diagonal = p * n + p
      let id = component[diagonal]
      guard
        let off = (0..<total).first(where: { component[$0] == id && $0 / n != $0 % n }),
        let out = path(from: diagonal, to: off, edges: edges, within: component, id),
        let back = path(from: off, to: diagonal, edges: edges, within: component, id),
        let prefix = prefix(to: p)
      else { continue }
      return Pump(prefix: prefix, pump: out + back)
    }
    return nil
  }

  /// Bytes along a shortest path in the square from `from` to `to` (two different
  /// nodes), inside one strongly connected component.
  func path(from: Int, to: Int, edges: [[(Int, UInt8)]], within component: [Int], _ id: Int)
    -> [UInt8]?
  {
    var parent: [Int: (Int, UInt8)] = [:]
    var queue = [from]
    var head = 0
    var seen: Set<Int> = [from]
    while head < queue.count {
      let node = queue[head]
      head += 1
      if node == to {
        var bytes: [UInt8] = []
        var current = node
        while current != from, let (previous, byte) = parent[current] {
          bytes.append(byte)
          current = previous
        }
        return bytes.reversed()
      }
      for (next, byte) in edges[node] where component[next] == id && seen.insert(next).inserted {
        parent[next] = (node, byte)
        queue.append(next)
      }
    }
    return nil
  }

  /// A shortest string leading from the start to node `target` (just before it reads).
  func prefix(to target: Int) -> [UInt8]? {
    var parent: [Int: (Int, UInt8)] = [:]
    var queue = initial
    var seen = Set(initial)
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      if node == target {
        var bytes: [UInt8] = []
        var current = node
        while let (previous, byte) = parent[current] {
          bytes.append(byte)
          current = previous
        }
        return bytes.reversed()
      }
      for next in successors[node].map(\.node) where seen.insert(next).inserted {
        parent[next] = (node, readable(in: sets[node]))
        queue.append(next)
      }
    }
    return nil
  }

  func readable(in set: ByteSet) -> UInt8 {
    ByteClasses.preferenceOrder.first(where: set.contains) ?? 0
  }
}
