/// Whether a line holds any of many byte strings, in one pass over its bytes: the
/// question `report`'s line check asks of every corpus line, where `LiteralScanner`
/// answers which strings occur.
///
/// The same Aho-Corasick automaton over byte classes (`LiteralAutomaton`), with every
/// state that ends a literal made one absorbing state: a scan step is then a table
/// load with no branch on the state, and the answer is whether the scan ends in that
/// state.
///
///     let keys = AnyLiteralScanner(literals: [Array("home".utf8), Array("_b64".utf8)])
///     keys.holdsAny(line)    // true when `line` holds `home` or `_b64`
///
/// Why the loop is shaped as it is (measured on 200,000 corpus lines of 360 bytes):
/// a step waits for the previous one, so four parts of a line are scanned at once,
/// four independent chains the CPU overlaps; and the table is stored by column (one
/// column per byte class), so the column is found from the byte alone, off the chain,
/// and a step on the chain is a single load indexed by the state.
struct AnyLiteralScanner: Sendable {
  /// `columnStart[b]`: where the column of byte `b`'s class starts in `transitions`.
  private let columnStart: [Int32]
  /// `transitions[columnStart[b] + state]`: the state after `state` on byte `b`.
  /// The states that end a literal are one state, `accepting`, which leads to itself.
  private let transitions: [Int32]
  private let accepting: Int
  /// The longest literal that holds no other: two parts that overlap by this much less
  /// one byte find every occurrence between them (of it, or of a literal it is in).
  private let longestLiteral: Int
  /// No literal: no line holds one.
  private let isEmpty: Bool
  /// An empty literal: every line holds it.
  private let acceptsEverything: Bool

  init(literals: [[UInt8]]) {
    isEmpty = literals.isEmpty
    let automaton = LiteralAutomaton(literals: literals)
    let classCount = automaton.classCount
    let accepts = automaton.accepts
    acceptsEverything = accepts[0]
    // The states reached from the root without passing an accepting state, numbered
    // breadth-first (the root stays 0), then the accepting state: the rest of a
    // literal that holds another is never reached, and leaving it out keeps the
    // table small.
    var newState = [Int32](repeating: -1, count: accepts.count)
    var order = [0]
    var depth = [0]
    newState[0] = 0
    var head = 0
    while head < order.count {
      let state = order[head]
      head += 1
      for column in 0..<classCount {
        let next = Int(automaton.next[state * classCount + column])
        if !accepts[next] && newState[next] < 0 {
          newState[next] = Int32(order.count)
          order.append(next)
          depth.append(depth[head - 1] + 1)
        }
      }
    }
    // A state's depth is the length of the trie prefix it stands for, so every
    // occurrence of a literal holds one of a literal no longer than this.
    longestLiteral = depth.last! + 1
    let accepting = order.count
    let stateCount = accepting + 1
    var transitions = [Int32](repeating: Int32(accepting), count: stateCount * classCount)
    for (index, state) in order.enumerated() {
      for column in 0..<classCount {
        let next = Int(automaton.next[state * classCount + column])
        if !accepts[next] { transitions[column * stateCount + index] = newState[next] }
      }
    }
    self.transitions = transitions
    self.columnStart = automaton.byteClass.map { Int32(Int($0) * stateCount) }
    self.accepting = accepting
  }

  /// Whether some literal occurs in `line`.
  ///
  /// A long line is four ranges of one length, `span`, the first at the line's start
  /// and the last at its end, each overlapping the next by at least `longestLiteral - 1`
  /// bytes; each is scanned from the root at its start, so an occurrence lying in one
  /// of them is found, and every occurrence lies in one (the range of the last part
  /// that starts at or before it reaches past its end).
  func holdsAny(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !isEmpty else { return false }
    guard !acceptsEverything else { return true }
    return columnStart.withUnsafeBufferPointer { columnStart in
      transitions.withUnsafeBufferPointer { table in
        guard let table = table.baseAddress else { return false }
        let accepting = self.accepting
        @inline(__always) func step(_ state: Int, _ index: Int) -> Int {
          // The column's address depends on the byte alone; only the load waits for
          // the previous step.
          let column = table + Int(columnStart[Int(line[index])])
          return Int(column[state])
        }
        /// Bytes between two looks at whether a part has reached `accepting`.
        let stride = 64
        let count = line.count
        let longest = longestLiteral
        if count >= 2 * longest + 16 {
          // `span >= (count + 3 * longest + 3) / 4 + 1` makes consecutive starts (at
          // most `(count - span) / 3 + 2` apart) overlap by `longest - 1` bytes or
          // more, and the threshold keeps `span <= count`.
          let span = (count + 3 * longest + 3) / 4 + 1
          let gap = (count - span) / 3
          let starts = (0, gap, 2 * gap, count - span)
          var states = (0, 0, 0, 0)
          var done = 0
          while done < span {
            let end = min(span, done + stride)
            while done < end {
              states.0 = step(states.0, starts.0 &+ done)
              states.1 = step(states.1, starts.1 &+ done)
              states.2 = step(states.2, starts.2 &+ done)
              states.3 = step(states.3, starts.3 &+ done)
              done &+= 1
            }
            if states.0 == accepting || states.1 == accepting || states.2 == accepting
              || states.3 == accepting
            {
              return true
            }
          }
          return false
        }
        var state = 0
        var index = 0
        while index < count {
          let end = min(count, index + stride)
          while index < end {
            state = step(state, index)
            index &+= 1
          }
          if state == accepting { return true }
        }
        return false
      }
    }
  }
}
