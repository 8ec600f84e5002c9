/// A Thompson NFA over bytes with awk's two anchors as assertions. Several regexes can
/// live in one NFA (one `Component` each), so one subset construction answers
/// questions about all of them at once: "does this banner match rule j and none of
/// rules S?" is one lazy DFA, not a product of many.
struct NFA {
  enum State: Hashable {
    /// Consume one byte of `set`, go to `next`.
    case bytes(ByteSet, next: Int)
    /// Go to any of `targets` without consuming.
    case split([Int])
    /// `^`: passes only at the start of the banner.
    case start(next: Int)
    /// `$`: passes only at the end of the banner.
    case end(next: Int)
    /// The regex matched (component `component`).
    case accept(component: Int)
  }

  /// How a regex's language is read.
  enum Mode {
    /// The banner contains a match: awk's `$0 ~ /R/`. The accept state keeps accepting
    /// whatever follows, and a match may start anywhere.
    case contains
    /// The whole banner is one match of R (its anchors at the banner's ends): the text
    /// a rule itself recognises, used for overlap witnesses and ambiguity.
    case whole
    /// Any bytes, then a match that ends the banner.
    case endsWithMatch
    /// A match that starts the banner, then any bytes.
    case startsWithMatch

    /// Whether any bytes may come before the match.
    var anyPrefix: Bool { self == .contains || self == .endsWithMatch }
    /// Whether any bytes may follow the match.
    var anySuffix: Bool { self == .contains || self == .startsWithMatch }
  }

  struct Component {
    var start: Int
    var accept: Int
  }

  var states: [State] = []
  var components: [Component] = []
  /// Beyond this many states a regex is not compiled ("gave up").
  var stateLimit: Int

  init(stateLimit: Int = 200_000) { self.stateLimit = stateLimit }

  struct TooLarge: Error {}

  /// Adds `syntax` as a new component; returns its index.
  @discardableResult
  mutating func add(_ syntax: AwkRegexSyntax, mode: Mode) throws(TooLarge) -> Int {
    let component = components.count
    let accept = try add(.accept(component: component))
    var next = accept
    if mode.anySuffix {
      // Whatever follows a match keeps the banner matched.
      let loop = try add(.split([]))
      let anyByte = try add(.bytes(.all, next: loop))
      states[loop] = .split([accept, anyByte])
      next = loop
    }
    var start = try compile(syntax.root, next: next)
    if mode.anyPrefix {
      // A match may start after any prefix.
      let loop = try add(.split([]))
      let anyByte = try add(.bytes(.all, next: loop))
      states[loop] = .split([start, anyByte])
      start = loop
    }
    components.append(Component(start: start, accept: accept))
    return component
  }

  mutating func add(_ state: State) throws(TooLarge) -> Int {
    guard states.count < stateLimit else { throw TooLarge() }
    states.append(state)
    return states.count - 1
  }

  /// Builds `alternation` backwards: the returned state matches it, then goes to `next`.
  mutating func compile(_ alternation: AwkRegexSyntax.Alternation, next: Int) throws(TooLarge)
    -> Int
  {
    if alternation.branches.count == 1 { return try compile(alternation.branches[0], next: next) }
    var starts: [Int] = []
    for branch in alternation.branches { starts.append(try compile(branch, next: next)) }
    return try add(.split(starts))
  }

  mutating func compile(_ concatenation: AwkRegexSyntax.Concatenation, next: Int)
    throws(TooLarge) -> Int
  {
    var next = next
    for item in concatenation.items.reversed() { next = try compile(item, next: next) }
    return next
  }

  mutating func compile(_ item: AwkRegexSyntax.Item, next: Int) throws(TooLarge) -> Int {
    switch item.kind {
    case .literal(let byte): return try add(.bytes(ByteSet([byte]), next: next))
    case .any: return try add(.bytes(.all, next: next))
    case .bracket(let bracket): return try add(.bytes(bracket.byteSet, next: next))
    case .start: return try add(.start(next: next))
    case .end: return try add(.end(next: next))
    case .group(let alternation, _): return try compile(alternation, next: next)
    case .repeated(let inner, let quantifier):
      var tail = next
      if let max = quantifier.max {
        // x{0,k} as k nested optionals, each of which may skip to `next`.
        for _ in 0..<(max - quantifier.min) {
          let body = try compile(inner, next: tail)
          tail = try add(.split([body, next]))
        }
      } else {
        // A loop: the body returns to a split that may go round again or leave.
        let loop = try add(.split([]))
        let body = try compile(inner, next: loop)
        states[loop] = .split([body, tail])
        tail = quantifier.min > 0 ? body : loop
        if quantifier.min > 0 {
          // x{n,}: n-1 more copies before the `x+` loop.
          for _ in 1..<quantifier.min { tail = try compile(inner, next: tail) }
          return tail
        }
      }
      for _ in 0..<quantifier.min { tail = try compile(inner, next: tail) }
      return tail
    }
  }
}

extension AwkRegexSyntax.BracketExpression {
  var byteSet: ByteSet {
    var set = ByteSet()
    for (byte, inSet) in matchedBytes.enumerated() where inSet { set.insert(UInt8(byte)) }
    return set
  }
}
