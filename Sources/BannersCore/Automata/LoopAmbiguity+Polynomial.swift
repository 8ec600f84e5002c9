// Polynomial ambiguity (IDA): two different loops that can share one string.
extension LoopAmbiguity {
  /// Triples of nodes visited per candidate pair before giving up on it (the answer is
  /// then "none found" for that pair, which only means no warning).
  static let maxTriples = 20_000
  /// Steps in the cube per regex over all its pairs: a regex with many loops (up to
  /// `maxNodes` nodes, thousands of pairs) must not cost seconds of lint.
  static let maxTriplesPerRegex = 200_000

  /// Degree-2 ambiguity, the polynomial counterpart of `exponentialPump()`: two
  /// different nodes `p` and `q`, each on a loop, and one string `w` that leads from `p`
  /// back to `p`, from `p` to `q` and from `q` back to `q`. After `prefix + w^k`, a
  /// backtracking matcher can hand each copy of `w` to either loop, k + 1 ways to split;
  /// a failure after them makes it try every split (and more with a third such loop).
  ///
  /// The candidates come shortest pump first, at most `limit` of them: the caller
  /// confirms each with PCRE2, which may have optimised one away (auto-possessive loops).
  func polynomialPumps(limit: Int = 4) -> [Pump] {
    let n = nodes.count
    let reachable = (0..<n).map(reach(from:))
    let loops = (0..<n).filter { reachable[$0].contains($0) }
    var found: [Pump] = []
    var tried = Set<[UInt8]>()
    var budget = Self.maxTriplesPerRegex
    for p in loops {
      for q in loops where q != p && reachable[p].contains(q) && !reachable[q].contains(p) {
        guard budget > 0, let pump = sharedPump(p, q, budget: &budget),
          let prefix = prefix(to: p),
          tried.insert(prefix + [0xFF] + pump).inserted
        else { continue }
        found.append(Pump(prefix: prefix, pump: pump))
        // Enough to choose the shortest few from; a regex of many loops has thousands.
        if found.count >= 4 * limit { break }
      }
      if found.count >= 4 * limit { break }
    }
    found.sort { ($0.pump.count, $0.prefix.count) < ($1.pump.count, $1.prefix.count) }
    return Array(found.prefix(limit))
  }

  /// Nodes reachable from `node` in one step or more.
  func reach(from node: Int) -> Set<Int> {
    var seen = Set<Int>()
    var stack = successors[node].map(\.node)
    while let next = stack.popLast() {
      guard seen.insert(next).inserted else { continue }
      stack.append(contentsOf: successors[next].map(\.node))
    }
    return seen
  }

  /// A shortest non-empty `w` with `p -w-> p`, `p -w-> q`, `q -w-> q`: a path in the
  /// cube of the graph from `(p, p, q)` to `(p, q, q)`.
  func sharedPump(_ p: Int, _ q: Int, budget: inout Int) -> [UInt8]? {
    let n = nodes.count
    func key(_ a: Int, _ b: Int, _ c: Int) -> Int { (a * n + b) * n + c }
    let start = key(p, p, q)
    let goal = key(p, q, q)
    var parent: [Int: (Int, UInt8)] = [:]
    var queue = [start]
    var head = 0
    var local = Self.maxTriples
    while head < queue.count {
      let triple = queue[head]
      head += 1
      let (a, b, c) = (triple / (n * n), triple / n % n, triple % n)
      let common = sets[a].intersection(sets[b]).intersection(sets[c])
      var seenClass = Set<Int>()
      for byte in common.bytes where seenClass.insert(classes.classOf[Int(byte)]).inserted {
        let byte = classes.representatives[classes.classOf[Int(byte)]]
        for x in successors[a] {
          for y in successors[b] {
            for z in successors[c] {
              // Every step counts: one triple of a regex of many loops has thousands.
              budget -= 1
              local -= 1
              guard budget > 0, local > 0 else { return nil }
              let next = key(x.node, y.node, z.node)
              guard parent[next] == nil, next != start else { continue }
              parent[next] = (triple, byte)
              if next == goal { return walkBack(from: goal, to: start, parent) }
              queue.append(next)
            }
          }
        }
      }
    }
    return nil
  }

  private func walkBack(from goal: Int, to start: Int, _ parent: [Int: (Int, UInt8)]) -> [UInt8] {
    var bytes: [UInt8] = []
    var current = goal
    repeat {
      guard let (previous, byte) = parent[current] else { break }
      bytes.append(byte)
      current = previous
    } while current != start
    return bytes.reversed()
  }
}
