/// Finds which of many byte strings occur in a banner, in one pass over its bytes: an
/// Aho-Corasick automaton compiled to a dense DFA over byte classes.
///
/// Bytes that occur in no literal share one class, so the table has
/// `states x classes` entries rather than `states x 256`.
///
/// - Complexity: building is O(total literal length x classes); scanning is O(banner
///   length + occurrences), independent of the number of literals.
struct LiteralScanner: Sendable {
  /// `byteClass[b]` is the column of byte `b` in `transitions`.
  private let byteClass: [UInt16]
  private let classCount: Int
  /// `transitions[state * classCount + class]`: the next state.
  private let transitions: [Int32]
  /// Literal ids ending at each state, its suffix states' included.
  private let outputs: [[Int32]]
  private let hasOutput: [Bool]

  let literalCount: Int

  init(literals: [[UInt8]]) {
    literalCount = literals.count
    var classes = [UInt16](repeating: 0, count: 256)
    var next: UInt16 = 1
    for literal in literals {
      for byte in literal where classes[Int(byte)] == 0 {
        classes[Int(byte)] = next
        next += 1
      }
    }
    let classCount = Int(next)
    // The trie.
    var children: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
    var outputs: [[Int32]] = [[]]
    for (id, literal) in literals.enumerated() {
      var state = 0
      for byte in literal {
        let column = Int(classes[Int(byte)])
        if children[state][column] < 0 {
          children[state][column] = Int32(children.count)
          children.append([Int32](repeating: -1, count: classCount))
          outputs.append([])
        }
        state = Int(children[state][column])
      }
      outputs[state].append(Int32(id))
    }
    // Breadth-first: failure links become DFA transitions, outputs merge along them.
    // Class 0 (bytes in no literal) always leads back to the root.
    var transitions = [Int32](repeating: 0, count: children.count * classCount)
    var failure = [Int](repeating: 0, count: children.count)
    var queue: [Int] = []
    for column in 1..<max(classCount, 1) {
      let child = children[0][column]
      if child >= 0 {
        transitions[column] = child
        queue.append(Int(child))
      }
    }
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      outputs[state] += outputs[failure[state]]
      for column in 1..<classCount {
        let child = children[state][column]
        let fallback = transitions[failure[state] * classCount + column]
        if child >= 0 {
          failure[Int(child)] = Int(fallback)
          transitions[state * classCount + column] = child
          queue.append(Int(child))
        } else {
          transitions[state * classCount + column] = fallback
        }
      }
    }
    self.byteClass = classes
    self.classCount = classCount
    self.transitions = transitions
    self.outputs = outputs
    self.hasOutput = outputs.map { !$0.isEmpty }
  }

  /// Calls `found` with the id of each literal occurring in `banner` (an id may be
  /// reported more than once).
  func scan(_ banner: UnsafeBufferPointer<UInt8>, _ found: (Int32) -> Void) {
    guard literalCount > 0 else { return }
    byteClass.withUnsafeBufferPointer { classes in
      transitions.withUnsafeBufferPointer { table in
        hasOutput.withUnsafeBufferPointer { hasOutput in
          var state = 0
          for byte in banner {
            state = Int(table[state &* classCount &+ Int(classes[Int(byte)])])
            if hasOutput[state] {
              for id in outputs[state] { found(id) }
            }
          }
        }
      }
    }
  }
}
