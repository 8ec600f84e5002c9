/// The Aho-Corasick automaton of a set of byte strings, as a dense DFA over byte
/// classes: what `LiteralScanner` and `AnyLiteralScanner` compile into their tables.
///
/// Bytes that occur in no literal share class 0, so the table has `states x classes`
/// entries rather than `states x 256`; class 0 always leads back to the root (state 0).
/// States are numbered in the order literals' bytes are added to the trie.
struct LiteralAutomaton {
  /// `byteClass[b]` is the column of byte `b` in `next`.
  let byteClass: [UInt16]
  let classCount: Int
  /// `next[state * classCount + class]`: the next state.
  let next: [Int32]
  /// Whether some literal ends at each state (at it, or at one of its suffix states).
  let accepts: [Bool]
  /// The payloads of the literals ending at each state, its suffix states' included
  /// (unsorted, possibly repeated); empty when made without payloads.
  let outputs: [[Int32]]

  /// - Parameter payloadsOfLiteral: for each literal, the ids its occurrence reports;
  ///   nil when only `accepts` is wanted (no list per state is built).
  init(literals: [[UInt8]], payloadsOfLiteral: [[Int32]]? = nil) {
    var classes = [UInt16](repeating: 0, count: 256)
    var nextClass: UInt16 = 1
    for literal in literals {
      for byte in literal where classes[Int(byte)] == 0 {
        classes[Int(byte)] = nextClass
        nextClass += 1
      }
    }
    let classCount = Int(nextClass)
    // The trie, one row of children per state (-1: none), flat.
    var children = [Int32](repeating: -1, count: classCount)
    var stateCount = 1
    var ends: [Bool] = [false]
    var outputs: [[Int32]] = payloadsOfLiteral == nil ? [] : [[]]
    for (id, literal) in literals.enumerated() {
      var state = 0
      for byte in literal {
        let slot = state * classCount + Int(classes[Int(byte)])
        if children[slot] < 0 {
          children[slot] = Int32(stateCount)
          stateCount += 1
          children += repeatElement(-1, count: classCount)
          ends.append(false)
          if payloadsOfLiteral != nil { outputs.append([]) }
        }
        state = Int(children[slot])
      }
      ends[state] = true
      if let payloadsOfLiteral { outputs[state] += payloadsOfLiteral[id] }
    }
    // Breadth-first: failure links become DFA transitions, what ends at a state's
    // failure (its longest proper suffix in the trie) ends at the state too. Class 0
    // (bytes in no literal) always leads back to the root.
    var next = [Int32](repeating: 0, count: stateCount * classCount)
    var failure = [Int](repeating: 0, count: stateCount)
    var queue: [Int] = []
    queue.reserveCapacity(stateCount)
    for column in 1..<max(classCount, 1) {
      let child = children[column]
      if child >= 0 {
        next[column] = child
        queue.append(Int(child))
      }
    }
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      if ends[failure[state]] { ends[state] = true }
      if payloadsOfLiteral != nil { outputs[state] += outputs[failure[state]] }
      let row = state * classCount
      let failureRow = failure[state] * classCount
      for column in 1..<classCount {
        let child = children[row + column]
        let fallback = next[failureRow + column]
        if child >= 0 {
          failure[Int(child)] = Int(fallback)
          next[row + column] = child
          queue.append(Int(child))
        } else {
          next[row + column] = fallback
        }
      }
    }
    self.byteClass = classes
    self.classCount = classCount
    self.next = next
    self.accepts = ends
    self.outputs = outputs
  }
}
