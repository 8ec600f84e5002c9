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
  /// Successors of each node (indices into `nodes`) after consuming its byte.
  let successors: [[Int]]
  let initial: [Int]
  let classes: ByteClasses

  /// Squares of automata larger than this are not built (the answer is then "none
  /// found", which only means no warning).
  static let maxNodes = 120

  init?(_ syntax: AwkRegexSyntax) {
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
    func consumers(from seeds: [Int], atStart: Bool) -> [Int] {
      var seen = Set<Int>()
      var stack = seeds
      var found: [Int] = []
      while let state = stack.popLast() {
        guard seen.insert(state).inserted else { continue }
        switch nfa.states[state] {
        case .bytes: found.append(nodeIndex[state]!)
        case .split(let targets): stack += targets
        case .start(let next): if atStart { stack.append(next) }
        case .end, .accept: break  // `$` cannot pass before more bytes: a path ends
        }
      }
      return found.sorted()
    }
    self.nodes = nodes
    self.sets = sets
    self.successors = nodes.map {
      guard case .bytes(_, let next) = nfa.states[$0] else { return [] }
      return consumers(from: [next], atStart: false)
    }
    self.initial = consumers(from: [nfa.components[0].start], atStart: true)
    self.classes = ByteClasses(distinguishing: sets)
  }

  /// Pairs `(a, b)` and their successors on one byte class.
  func pairSuccessors(_ a: Int, _ b: Int) -> [(pair: Int, byte: UInt8)] {
    var out: [(Int, UInt8)] = []
    let common = sets[a].intersection(sets[b])
    guard !common.isEmpty else { return [] }
    var seenClass = Set<Int>()
    for byte in common.bytes where seenClass.insert(classes.classOf[Int(byte)]).inserted {
      let byte = classes.representatives[classes.classOf[Int(byte)]]
      for x in successors[a] { for y in successors[b] { out.append((x * nodes.count + y, byte)) } }
    }
    return out
  }

  /// An exponentially ambiguous loop, if the automaton has one.
  func exponentialPump() -> Pump? {
    let n = nodes.count
    let total = n * n
    // Kosaraju: finishing order on the square, then components on its reverse.
    var edges = [[(Int, UInt8)]](repeating: [], count: total)
    var reverse = [[Int]](repeating: [], count: total)
    for a in 0..<n {
      for b in 0..<n {
        let from = a * n + b
        for (to, byte) in pairSuccessors(a, b) {
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
      for next in successors[node] where seen.insert(next).inserted {
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
