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

  /// Transitions, `maxStates` rows of `classCount`: the target's row offset, `~offset`
  /// when rules accept in the target, `unknown` when not built yet.
  private let table: UnsafeMutablePointer<Int32>
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
  private var bytesSinceFlush = 0
  /// True once the cache was found to fill too fast: every banner is refused.
  private(set) var isDisabled = false
  /// How many times the cache was emptied (for tests and measurements).
  private(set) var flushes = 0

  /// - Parameter maxStates: the cache's size; by default what `tableBytes` holds.
  init(
    _ automaton: RuleSetAutomaton, maxStates: Int? = nil,
    bytesPerStateFloor: Int = RuleSetDFA.bytesPerStateFloor
  ) {
    self.automaton = automaton
    self.bytesPerStateFloor = bytesPerStateFloor
    let classCount = automaton.classCount
    self.maxStates = max(2, maxStates ?? Self.tableBytes / (4 * classCount))
    table = .allocate(capacity: self.maxStates * classCount)
    classOf = .allocate(capacity: 256)
    classOf.initialize(from: automaton.classOf, count: 256)
    closure = NFAClosure(stateCount: automaton.nfa.states.count)
    makeStartState()
  }

  deinit {
    table.deallocate()
    classOf.deallocate()
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

  private func scan(
    _ banner: UnsafeBufferPointer<UInt8>, _ matched: UnsafeMutableBufferPointer<UInt64>
  ) -> Bool {
    let classCount = automaton.classCount
    let table = self.table
    let classOf = self.classOf
    @inline(__always) func mark(_ rules: [Int32]) {
      for rule in rules { matched[Int(rule) &>> 6] |= 1 &<< UInt64(rule & 63) }
    }
    mark(accepts[0])
    var row = 0
    var position = 0
    let count = banner.count
    while position < count {
      let column = Int(classOf[Int(banner[position])])
      var next = table[row &+ column]
      if next == Self.unknown {
        guard let built = addTransition(from: row / classCount, column: column) else {
          return false
        }
        next = built
      }
      if next >= 0 {
        row = Int(next)
      } else {
        row = Int(~next)
        mark(accepts[row / classCount])
      }
      position &+= 1
    }
    bytesSinceFlush &+= count
    let state = row / classCount
    if endAccepts[state] == nil {
      var effective = cores[state]
      if state != 0 { effective += automaton.anywhereStart }
      let atEnd = closure.kept(in: automaton.nfa, from: effective, atStart: state == 0, atEnd: true)
      endAccepts[state] = automaton.acceptedRules(in: atEnd)
    }
    mark(endAccepts[state]!)
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
    let offset = Int32(target * automaton.classCount)
    let encoded = accepts[target].isEmpty ? offset : ~offset
    table[state * automaton.classCount + column] = encoded
    return encoded
  }

  private func addState(_ core: [Int32]) -> Int {
    let id = cores.count
    cores.append(core)
    accepts.append(automaton.acceptedRules(in: core))
    endAccepts.append(nil)
    (table + id * automaton.classCount).initialize(
      repeating: Self.unknown, count: automaton.classCount)
    return id
  }

  /// State 0, never shared with a later state of the same set: `^` passes only there,
  /// and `$^` only at the end of an empty banner.
  private func makeStartState() {
    _ = addState(automaton.startSet)
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
