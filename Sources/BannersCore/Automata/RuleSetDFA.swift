/// One worker's lazy DFA over a `RuleSetAutomaton`: which of its rules a banner
/// matches, in one pass of one table load per byte, whatever the number of rules.
///
/// States are built as banners reach them (subset construction on demand, as RE2's and
/// rust regex-automata's lazy DFAs do) and cached in a table of at most `maxStates`
/// rows, so memory is bounded. A transition into a state where rules accept is stored
/// negated, and the scan marks those rules as it passes: acceptance is sticky, since a
/// banner that contains a match still does whatever follows. At the end, the rules
/// whose `$` is waiting accept too.
///
/// When the table is full the cache is emptied and the banner scanned again; a banner
/// that needs more states than the table holds is refused (`false`), and so is every
/// banner once the cache fills faster than one state per `bytesPerStateFloor` bytes
/// scanned (building a state costs about what PCRE2 takes for a banner: the automaton
/// does not pay for this list on these banners). The caller then asks PCRE2: answers are
/// the same either way, only the time differs.
final class RuleSetDFA {
  let automaton: RuleSetAutomaton
  let maxStates: Int
  /// Below this many bytes scanned per state built, the DFA gives up on the list.
  let bytesPerStateFloor: Int
  static let bytesPerStateFloor = 64
  /// The default memory for the transition table: 4 MiB per worker.
  static let tableBytes = 4 << 20
  /// Banners this long or longer are walked as four quarters (`scan`).
  static let splitLength = 64
  /// How far into the next quarter a walk of a long banner looks for the next walk.
  static let syncWindow = 64
  private static let idleState = 1
  /// The states of the walks of quarters 1 to 3 after each of their first
  /// `syncWindow` bytes, `syncWindow` apart.
  private let recorded: UnsafeMutablePointer<Int>

  /// Transitions, `maxStates` rows of `classCount` rounded up to a power of
  /// two (so a row offset gives its state by a shift): the target's row offset,
  /// `~offset` when rules accept in the target, `unknown` when not built yet. Both
  /// exceptions are negative, so a step tests one sign.
  private let table: UnsafeMutablePointer<Int32>
  private let rowShift: Int
  private static let unknown = Int32.min
  /// Byte classes, copied here so the scan loop reads plain memory.
  private let classOf: UnsafeMutablePointer<UInt8>
  /// Each state's NFA states, without `anywhereStart` (implied in every state).
  private var cores: [[Int32]] = []
  /// The rules that accept on entering each state.
  private var accepts: [[Int32]] = []
  /// The rules that accept if the banner ends in each state, once computed.
  private var endAccepts: [[Int32]?] = []
  private var index: [[Int32]: Int32] = [:]
  private var closure: NFAClosure
  private var seeds: [Int32] = []
  private var kept: [Int32] = []
  /// What a scan reads and writes besides the table, in memory of its own so that the
  /// scan makes no access checks: `bytesSinceFlush`, `isDisabled` (0 or 1),
  /// `startAccepts` (1 when rules accept in the start state, the empty banner).
  private let counters: UnsafeMutablePointer<Int>
  private var bytesSinceFlush: Int {
    get { counters[0] }
    set { counters[0] = newValue }
  }
  /// True once the cache was found to fill too fast: every banner is refused.
  private(set) var isDisabled: Bool {
    get { counters[1] != 0 }
    set { counters[1] = newValue ? 1 : 0 }
  }
  /// Per state, what `endAccepts` holds: 0 not computed yet, 1 no rule, 2 some rules.
  private let endKnown: UnsafeMutablePointer<UInt8>
  /// How many times the cache was emptied (for tests and measurements).
  private(set) var flushes = 0

  /// - Parameter maxStates: the cache's size; by default what `tableBytes` holds.
  init(
    _ automaton: RuleSetAutomaton, maxStates: Int? = nil,
    bytesPerStateFloor: Int = RuleSetDFA.bytesPerStateFloor
  ) {
    self.automaton = automaton
    self.bytesPerStateFloor = bytesPerStateFloor
    rowShift = Int.bitWidth - (automaton.classCount - 1).leadingZeroBitCount
    // The start and idle states, and room for one more.
    self.maxStates = max(3, maxStates ?? Self.tableBytes / (4 << rowShift))
    table = .allocate(capacity: self.maxStates << rowShift)
    classOf = .allocate(capacity: 256)
    classOf.initialize(from: automaton.classOf, count: 256)
    recorded = .allocate(capacity: 3 * Self.syncWindow)
    counters = .allocate(capacity: 3)
    counters.initialize(repeating: 0, count: 3)
    endKnown = .allocate(capacity: self.maxStates)
    closure = NFAClosure(stateCount: automaton.nfa.states.count)
    makeStartState()
  }

  deinit {
    table.deallocate()
    classOf.deallocate()
    recorded.deallocate()
    counters.deallocate()
    endKnown.deallocate()
  }

  /// Sets the bit of every rule of the automaton that matches `banner` in `matched` (a
  /// bit per rule index, 64 to a word); false when the DFA refuses the banner (see the
  /// type's comment), and then `matched` may hold some of the answers.
  func markMatches(
    in banner: UnsafeBufferPointer<UInt8>, into matched: UnsafeMutableBufferPointer<UInt64>
  ) -> Bool {
    guard !isDisabled else { return false }
    if scan(banner, matched) { return true }
    // The table filled up on the way: empty it, unless it fills too fast to pay.
    if bytesSinceFlush < bytesPerStateFloor * maxStates {
      isDisabled = true
      return false
    }
    flush()
    if scan(banner, matched) { return true }
    flush()  // this banner alone needs more states than the table has: PCRE2 decides
    return false
  }

  /// One scan of `banner`; false when the table filled up on the way.
  ///
  /// A DFA step waits for the one before (the next row depends on the last load), so a
  /// single walk runs at the latency of a load per byte. A long banner is walked as four
  /// quarters at once, which the CPU overlaps: the first from the start state, each
  /// other from `idle` (no match under way, not at the start) at its quarter's start,
  /// which finds every match that starts there or later; they remember their first
  /// `syncWindow` states. Then the first walk goes on into the second quarter until it
  /// is in the state the second walk was in at the same position (the matches under way
  /// at the boundary have ended or failed): from there on both walks are the same, and
  /// the second has done it; and so on to the last quarter. If they do not meet within
  /// the window, the first walk goes on to the end. Marks are true matches from any walk
  /// (a match found in a suffix, without `^`, is one in the banner; `$` is read only in
  /// the final state), and the true walk's every step is taken by one of them.
  private func scan(
    _ banner: UnsafeBufferPointer<UInt8>, _ matched: UnsafeMutableBufferPointer<UInt64>
  ) -> Bool {
    let rowShift = self.rowShift
    let table = self.table
    let classOf = self.classOf
    @inline(__always) func mark(_ rules: [Int32]) {
      for rule in rules { matched[Int(rule) &>> 6] |= 1 &<< UInt64(rule & 63) }
    }
    /// A step from `row` into a state where rules accept, or one not built yet: the new
    /// row, or -1 when the table is full. Out of line, so that the loops stay small, and
    /// by value, so that the rows stay in registers.
    @inline(never) func slowStep(_ row: Int, _ next: Int32, _ column: Int) -> Int {
      var next = next
      if next == Self.unknown {
        guard let built = addTransition(from: row &>> rowShift, column: column) else {
          return -1
        }
        next = built
        if next >= 0 { return Int(next) }
      }
      let target = Int(~next)
      mark(accepts[target &>> rowShift])
      return target
    }
    /// One step of a walk at `row` on `byte`; false when the table is full.
    @inline(__always) func step(_ row: inout Int, _ byte: UInt8) -> Bool {
      let column = Int(classOf[Int(byte)])
      let next = table[row &+ column]
      if next >= 0 {
        row = Int(next)
        return true
      }
      let target = slowStep(row, next, column)
      guard target >= 0 else { return false }
      row = target
      return true
    }
    let counters = self.counters
    if counters[2] != 0 { mark(accepts[0]) }
    var row = 0
    let count = banner.count
    if count < Self.splitLength {
      for position in 0..<count {
        guard step(&row, banner[position]) else { return false }
      }
    } else {
      // Four walks side by side, each over a quarter; the last quarter takes the rest.
      let quarter = count / 4
      let idleRow = Self.idleState << rowShift
      let window = min(Self.syncWindow, quarter)
      let recorded = self.recorded
      let window2 = Self.syncWindow
      let window3 = 2 * Self.syncWindow
      var walks = (idleRow, idleRow, idleRow)
      let first = banner.baseAddress!
      let second = first + quarter
      let third = second + quarter
      let fourth = third + quarter
      for offset in 0..<window {
        // Independent chains: the CPU runs the four steps side by side.
        guard step(&row, first[offset]), step(&walks.0, second[offset]),
          step(&walks.1, third[offset]), step(&walks.2, fourth[offset])
        else { return false }
        recorded[offset] = walks.0
        recorded[window2 &+ offset] = walks.1
        recorded[window3 &+ offset] = walks.2
      }
      for offset in window..<quarter {
        guard step(&row, first[offset]), step(&walks.0, second[offset]),
          step(&walks.1, third[offset]), step(&walks.2, fourth[offset])
        else { return false }
      }
      for position in (4 &* quarter)..<count {
        guard step(&walks.2, banner[position]) else { return false }
      }
      // `row` is the true walk's state at the start of quarter `part`; it goes on until
      // it meets that quarter's walk, whose state is then the true one at its end.
      for part in 1...3 {
        let walkEnd = part == 1 ? walks.0 : part == 2 ? walks.1 : walks.2
        if row == idleRow {
          row = walkEnd
          continue
        }
        let start = part &* quarter
        let trace = recorded + (part &- 1) &* Self.syncWindow
        var met = false
        for offset in 0..<window {
          guard step(&row, banner[start &+ offset]) else { return false }
          if trace[offset] == row {
            met = true
            break
          }
        }
        if met {
          row = walkEnd
          continue
        }
        // They did not meet within the window: the true walk goes on to the end.
        for position in (start &+ window)..<count {
          guard step(&row, banner[position]) else { return false }
        }
        break
      }
    }
    counters[0] &+= count  // bytesSinceFlush
    let state = row &>> rowShift
    if endKnown[state] == 0 {
      var effective = cores[state]
      if state != 0 { effective += automaton.anywhereStart }
      let atEnd = closure.kept(in: automaton.nfa, from: effective, atStart: state == 0, atEnd: true)
      endAccepts[state] = automaton.acceptedRules(in: atEnd)
      endKnown[state] = endAccepts[state]!.isEmpty ? 1 : 2
    }
    if endKnown[state] == 2 { mark(endAccepts[state]!) }
    return true
  }

  /// Builds the transition of `state` on byte class `column`; nil when the table is full.
  private func addTransition(from state: Int, column: Int) -> Int32? {
    let nfa = automaton.nfa
    let byte = automaton.representatives[column]
    seeds.removeAll(keepingCapacity: true)
    for member in cores[state] {
      if case .bytes(let set, let next) = nfa.states[Int(member)], set.contains(byte) {
        seeds.append(Int32(next))
      }
    }
    // Every state but the start one has `anywhereStart` implied; the start state's set
    // holds it already.
    if state != 0 { seeds += automaton.anywhereSeeds[column] }
    closure.collect(in: nfa, from: seeds, atStart: false, atEnd: false, into: &kept)
    kept.removeAll { automaton.isAnywhereStart[Int($0)] }
    let target: Int
    if let known = index[kept] {
      target = Int(known)
    } else {
      guard cores.count < maxStates else { return nil }
      target = addState(kept)
      index[kept] = Int32(target)
    }
    let offset = Int32(target << rowShift)
    let encoded = accepts[target].isEmpty ? offset : ~offset
    table[state << rowShift + column] = encoded
    return encoded
  }

  private func addState(_ core: [Int32]) -> Int {
    let id = cores.count
    cores.append(core)
    accepts.append(automaton.acceptedRules(in: core))
    endAccepts.append(nil)
    endKnown[id] = 0
    (table + id << rowShift).initialize(
      repeating: Self.unknown, count: automaton.classCount)
    return id
  }

  /// State 0, the start, never shared with a later state of the same set: `^` passes
  /// only there, and `$^` only at the end of an empty banner. State 1, `idle`: no match
  /// under way, anywhere but at the start.
  private func makeStartState() {
    _ = addState(automaton.startSet)
    counters[2] = accepts[0].isEmpty ? 0 : 1
    index[[]] = Int32(addState([]))
  }

  private func flush() {
    cores.removeAll(keepingCapacity: true)
    accepts.removeAll(keepingCapacity: true)
    endAccepts.removeAll(keepingCapacity: true)
    index.removeAll(keepingCapacity: true)
    bytesSinceFlush = 0
    flushes += 1
    makeStartState()
  }
}
