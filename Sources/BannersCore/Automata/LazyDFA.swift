/// The DFA of an `NFA`, built state by state as a search reaches it (subset
/// construction on demand, as RE2 and rust regex-automata's lazy DFA do), under a
/// budget: past `maxStates` states a search answers `.gaveUp`, never a guess.
///
/// A DFA state is the set of NFA states that consume a byte, wait for `$`, or accept,
/// after the bytes read so far. `^` passes only in the start state (position 0); `$`
/// passes only when the banner ends, which `Info.acceptsAtEnd` accounts for.
///
/// Every question asked is about banners of component 0 (the others are there to be
/// avoided or met on the way), so once component 0 can no longer match, the other
/// components are not followed: every such state is the one empty state, which
/// nothing accepts. That keeps a whole-match target's DFA to the target's own text.
struct LazyDFA {
  let nfa: NFA
  let classes: ByteClasses
  let maxStates: Int

  /// What a search needs to know about one DFA state, per NFA component.
  struct Info {
    /// Components whose accept state is in the set (for `.contains`: sticky).
    var acceptsNow: [Int]
    /// Components that accept if the banner ends here.
    var acceptsAtEnd: [Int]
    /// Components with any NFA state in the set (one that is not alive can never
    /// accept again).
    var alive: [Int]
  }

  private(set) var sets: [[Int32]] = []
  private(set) var infos: [Info] = []
  private var index: [[Int32]: Int] = [:]
  private var transitions: [Int32] = []
  private var componentOf: [Int32]
  private var mark: [UInt32]
  private var generation: UInt32 = 0
  /// `closure([state], atStart: false, atEnd: false)` per NFA state, once computed:
  /// most steps are unions of these.
  private var plainClosures: [[Int32]?]
  /// The byte classes each NFA state consumes, once computed.
  private var classesOfState: [[Int32]?]
  /// Whether every transition of a DFA state is filled (`expand`).
  private var expanded: [Bool] = []
  /// The id of the empty state (nothing alive), once made.
  private var emptyState: Int?

  enum SearchResult: Equatable {
    case found([UInt8])
    case none
    case gaveUp
  }

  init(_ nfa: NFA, maxStates: Int) {
    self.nfa = nfa
    self.maxStates = maxStates
    self.classes = ByteClasses(
      distinguishing: nfa.states.compactMap {
        if case .bytes(let set, _) = $0 { set } else { nil }
      })
    var componentOf = [Int32](repeating: -1, count: nfa.states.count)
    // Each component's states were added in one run, and its accept state first.
    let starts = nfa.components.map(\.accept) + [nfa.states.count]
    for component in nfa.components.indices {
      for state in starts[component]..<starts[component + 1] {
        componentOf[state] = Int32(component)
      }
    }
    self.componentOf = componentOf
    self.mark = [UInt32](repeating: 0, count: nfa.states.count)
    self.plainClosures = [[Int32]?](repeating: nil, count: nfa.states.count)
    self.classesOfState = [[Int32]?](repeating: nil, count: nfa.states.count)
  }

  // MARK: Building states

  /// The NFA states reachable from `seeds` without consuming a byte; `^` passes when
  /// `atStart`, `$` when `atEnd`. Returns the kept states (bytes, end, accept), sorted.
  private mutating func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> [Int32] {
    generation &+= 1
    if generation == 0 {
      for i in mark.indices { mark[i] = 0 }
      generation = 1
    }
    var stack = seeds
    var kept: [Int32] = []
    while let state = stack.popLast() {
      guard mark[state] != generation else { continue }
      mark[state] = generation
      switch nfa.states[state] {
      case .bytes, .accept: kept.append(Int32(state))
      case .split(let targets): stack += targets
      case .start(let next): if atStart { stack.append(next) }
      case .end(let next):
        kept.append(Int32(state))
        if atEnd { stack.append(next) }
      }
    }
    kept.sort()
    return kept
  }

  /// The NFA states reachable without consuming a byte from any of `seeds`, no
  /// anchor passing (any position but the start, not the end); sorted.
  private mutating func plainClosure(of seeds: [Int]) -> [Int32] {
    for seed in seeds where plainClosures[seed] == nil {
      plainClosures[seed] = closure([seed], atStart: false, atEnd: false)
    }
    if seeds.count == 1 { return plainClosures[seeds[0]]! }
    generation &+= 1
    if generation == 0 {
      for i in mark.indices { mark[i] = 0 }
      generation = 1
    }
    var kept: [Int32] = []
    for seed in seeds {
      for state in plainClosures[seed]! where mark[Int(state)] != generation {
        mark[Int(state)] = generation
        kept.append(state)
      }
    }
    kept.sort()
    return kept
  }

  /// The id of the DFA state for `set`, creating it; nil past the budget.
  private mutating func state(for set: [Int32], atStart: Bool) -> Int? {
    // The start state is never shared with a later state of the same set: `$` then `^`
    // (`/$^/`) can pass at position 0 only.
    if set.isEmpty, !atStart, let emptyState { return emptyState }
    let key = atStart ? set + [-1] : set
    if let id = index[key] { return id }
    guard sets.count < maxStates else { return nil }
    let id = sets.count
    sets.append(set)
    expanded.append(false)
    index[key] = id
    if set.isEmpty, !atStart { emptyState = id }
    transitions += [Int32](repeating: -1, count: classes.count)
    var acceptsNow: [Int] = []
    var alive: [Int] = []
    for state in set {
      let component = Int(componentOf[Int(state)])
      if alive.last != component, !alive.contains(component) { alive.append(component) }
      if case .accept(let component) = nfa.states[Int(state)] { acceptsNow.append(component) }
    }
    // Only a `$` waiting in the set can lead to more accept states at the end (a `^`
    // has been passed or dropped when the set was made).
    var acceptsAtEnd = acceptsNow
    if set.contains(where: { if case .end = nfa.states[Int($0)] { true } else { false } }) {
      acceptsAtEnd = []
      for state in closure(set.map(Int.init), atStart: atStart, atEnd: true) {
        if case .accept(let component) = nfa.states[Int(state)] { acceptsAtEnd.append(component) }
      }
    }
    infos.append(Info(acceptsNow: acceptsNow, acceptsAtEnd: acceptsAtEnd, alive: alive))
    return id
  }

  /// The start state (nothing read yet).
  mutating func startState() -> Int? {
    state(
      for: closure(nfa.components.map(\.start), atStart: true, atEnd: false), atStart: true)
  }

  /// The state after reading a byte of class `byteClass` in `from`; nil past the budget.
  mutating func step(_ from: Int, _ byteClass: Int) -> Int? {
    let slot = from * classes.count + byteClass
    if transitions[slot] >= 0 { return Int(transitions[slot]) }
    let byte = classes.representatives[byteClass]
    var seeds: [Int] = []
    var firstAlive = false
    for state in sets[from] {
      if case .bytes(let set, let next) = nfa.states[Int(state)], set.contains(byte) {
        seeds.append(next)
        if componentOf[Int(state)] == 0 { firstAlive = true }
      }
    }
    // A closure stays inside its component: no seed of component 0, none after.
    let set = firstAlive ? plainClosure(of: seeds) : []
    guard let target = state(for: set, atStart: false) else { return nil }
    transitions[slot] = Int32(target)
    return target
  }

  /// Fills every transition of `from` at once (a search takes them all): each NFA
  /// state of the set is visited once, not once per byte class. False past the budget.
  mutating func expand(_ from: Int) -> Bool {
    if expanded[from] { return true }
    let count = classes.count
    var seeds = [[Int]](repeating: [], count: count)
    var firstAlive = [Bool](repeating: false, count: count)
    for state in sets[from] {
      guard case .bytes(let set, let next) = nfa.states[Int(state)] else { continue }
      if classesOfState[Int(state)] == nil {
        classesOfState[Int(state)] = (0..<count).compactMap {
          set.contains(classes.representatives[$0]) ? Int32($0) : nil
        }
      }
      let alive = componentOf[Int(state)] == 0
      for byteClass in classesOfState[Int(state)]! {
        seeds[Int(byteClass)].append(next)
        if alive { firstAlive[Int(byteClass)] = true }
      }
    }
    let row = from * count
    for byteClass in 0..<count where transitions[row + byteClass] < 0 {
      // A closure stays inside its component: no seed of component 0, none after.
      let set = firstAlive[byteClass] ? plainClosure(of: seeds[byteClass]) : []
      guard let target = state(for: set, atStart: false) else { return false }
      transitions[row + byteClass] = Int32(target)
    }
    expanded[from] = true
    return true
  }

  /// The state after reading `bytes` from the start; nil past the budget.
  mutating func run(_ bytes: [UInt8]) -> Int? {
    guard var state = startState() else { return nil }
    for byte in bytes {
      guard let next = step(state, classes.classOf[Int(byte)]) else { return nil }
      state = next
    }
    return state
  }

  // MARK: Searching

  /// A shortest banner whose end state satisfies `goal` (most readable bytes among the
  /// shortest), never extending states where `prune` holds; `.none` when no banner
  /// does, `.gaveUp` past the budget. `visit` sees each state reached, breadth first,
  /// up to the one returned (all of them when the answer is `.none`).
  mutating func shortest(
    where goal: (Info) -> Bool, prune: (Info) -> Bool = { _ in false },
    visit: (Info) -> Void = { _ in }
  ) -> SearchResult {
    guard let start = startState() else { return .gaveUp }
    var parent: [Int: (state: Int, byteClass: Int)] = [:]
    var seen: Set<Int> = [start]
    var queue = [start]
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      visit(infos[state])
      if goal(infos[state]) { return .found(path(to: state, parent: parent)) }
      if prune(infos[state]) { continue }
      guard expand(state) else { return .gaveUp }
      for byteClass in 0..<classes.count {
        guard let next = step(state, byteClass) else { return .gaveUp }
        if seen.insert(next).inserted {
          parent[next] = (state, byteClass)
          queue.append(next)
        }
      }
    }
    return .none
  }

  private func path(to state: Int, parent: [Int: (state: Int, byteClass: Int)]) -> [UInt8] {
    var bytes: [UInt8] = []
    var state = state
    while let (previous, byteClass) = parent[state] {
      bytes.append(classes.representatives[byteClass])
      state = previous
    }
    return bytes.reversed()
  }
}

extension LazyDFA {
  /// A random banner accepted by component 0, by a random walk that never enters a
  /// state where component 0 is dead; nil when the walk is cut at `maxLength` before
  /// accepting (try again). Bytes are drawn at random within each byte class, so the
  /// samples cover bytes the representatives would not.
  mutating func randomMember(
    using random: inout some RandomNumberGenerator, maxLength: Int = 48
  ) -> [UInt8]? {
    guard var state = startState() else { return nil }
    var bytes: [UInt8] = []
    while true {
      let accepting = infos[state].acceptsAtEnd.first == 0
      if accepting && (bytes.count >= maxLength || Int.random(in: 0..<4, using: &random) == 0) {
        return bytes
      }
      guard bytes.count < maxLength else { return nil }
      var choices: [(Int, Int)] = []
      guard expand(state) else { return nil }
      for byteClass in 0..<classes.count {
        guard let next = step(state, byteClass) else { return nil }
        if infos[next].alive.first == 0 { choices.append((byteClass, next)) }
      }
      guard let (byteClass, next) = choices.randomElement(using: &random) else {
        return accepting ? bytes : nil
      }
      bytes.append(classes.members[byteClass].randomElement(using: &random)!)
      state = next
    }
  }
}
