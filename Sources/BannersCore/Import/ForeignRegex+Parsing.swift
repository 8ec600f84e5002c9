// The recursive-descent reader of Perl/Ruby regex syntax. Every construct either
// becomes a node with the same "does it match" meaning, or an obstacle naming why not.

extension ForeignRegex {
  /// Parses `pattern` in `flavor`'s syntax with the flags given outside it.
  ///
  /// Never throws: syntax the reader does not know is an obstacle that cannot be
  /// approximated, so the rule is dropped with the reason rather than guessed at.
  public static func parse(_ pattern: [UInt8], flavor: Flavor, flags: Flags) -> ForeignRegex {
    var parser = Parser(source: pattern, flavor: flavor)
    var flags = flags
    if flavor == .ruby { flags.insert(.multiline) }
    let root = parser.alternation(flags: &flags, depth: 0)
    if parser.position < pattern.count {
      parser.obstacle("unmatched ')'", approximable: false)
    }
    // A back-reference becomes a copy of its group: the copy matches any text the group
    // can match, a superset of "the same text again".
    let resolved = parser.resolveBackReferences(root)
    return ForeignRegex(
      root: resolved, obstacles: parser.obstacles, captureCount: parser.captureCount)
  }

  struct Parser {
    let source: [UInt8]
    let flavor: Flavor
    var position = 0
    var obstacles: [Obstacle] = []
    var captureCount = 0
    var groups: [Int: Node] = [:]
    /// Back-references are parsed as a placeholder `.group(.sequence([]), capture: -n)`
    /// and replaced once every group is known.
    static let backReferenceMarker = -1

    init(source: [UInt8], flavor: Flavor) {
      self.source = source
      self.flavor = flavor
    }

    var atEnd: Bool { position >= source.count }
    func peek(_ ahead: Int = 0) -> UInt8? {
      position + ahead < source.count ? source[position + ahead] : nil
    }
    func peekIs(_ text: String) -> Bool {
      let bytes = Array(text.utf8)
      guard position + bytes.count <= source.count else { return false }
      return Array(source[position..<(position + bytes.count)]) == bytes
    }

    mutating func obstacle(_ reason: String, at offset: Int? = nil, approximable: Bool) {
      obstacles.append(
        Obstacle(offset: offset ?? position, reason: reason, approximable: approximable))
    }

    // MARK: Structure

    mutating func alternation(flags: inout Flags, depth: Int) -> Node {
      var branches: [Node] = [sequence(flags: &flags, depth: depth)]
      while peek() == UInt8(ascii: "|") {
        position += 1
        branches.append(sequence(flags: &flags, depth: depth))
      }
      return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func sequence(flags: inout Flags, depth: Int) -> Node {
      var items: [Node] = []
      while let byte = peek(), byte != UInt8(ascii: "|") {
        if byte == UInt8(ascii: ")") {
          if depth > 0 { break }
          // PCRE2 and Ruby both reject an unmatched ')'.
          obstacle("unmatched ')'", approximable: false)
          position += 1
          continue
        }
        let start = position
        guard var atom = atom(flags: &flags, depth: depth) else { continue }
        atom = quantified(atom, start: start)
        items.append(atom)
      }
      return items.count == 1 ? items[0] : .sequence(items)
    }

    /// Applies the quantifiers after an atom (several may follow: `a{2}{3}` in PCRE2).
    mutating func quantified(_ atom: Node, start: Int) -> Node {
      var node = atom
      while let (min, max) = quantifier() {
        if case .anchor = node {
          // `^*` and friends: the anchor repeated is the anchor or nothing.
          node = min == 0 ? .sequence([]) : node
        } else {
          node = .repetition(node, min: min, max: max)
        }
        // Lazy `?` changes which match is found, not whether one is.
        if peek() == UInt8(ascii: "?") {
          position += 1
        } else if peek() == UInt8(ascii: "+") {
          obstacle(
            "possessive quantifier: awk always backtracks (approximated as greedy)",
            approximable: true)
          position += 1
        }
      }
      return node
    }

    /// `*` `+` `?` `{n}` `{n,}` `{n,m}` (and Ruby's `{,m}`), or nil.
    mutating func quantifier() -> (Int, Int?)? {
      switch peek() {
      case UInt8(ascii: "*"):
        position += 1
        return (0, nil)
      case UInt8(ascii: "+"):
        position += 1
        return (1, nil)
      case UInt8(ascii: "?"):
        position += 1
        return (0, 1)
      case UInt8(ascii: "{"):
        guard let (min, max, length) = interval(at: position) else { return nil }
        position += length
        return (min, max)
      default: return nil
      }
    }

    /// Reads `{n}`, `{n,}`, `{n,m}` (and for Ruby `{,m}`) at `index`: bounds and length.
    /// PCRE2 10.42 reads `{,m}` as literal text, Ruby as `{0,m}`.
    func interval(at index: Int) -> (Int, Int?, Int)? {
      var cursor = index + 1
      func digits() -> Int? {
        var value: Int?
        while cursor < source.count, (48...57).contains(source[cursor]) {
          value = (value ?? 0) * 10 + Int(source[cursor] - 48)
          if value! > 100_000 { return nil }
          cursor += 1
        }
        return value
      }
      let low = digits()
      var high: Int?
      var comma = false
      if cursor < source.count, source[cursor] == UInt8(ascii: ",") {
        comma = true
        cursor += 1
        high = digits()
      }
      guard cursor < source.count, source[cursor] == UInt8(ascii: "}") else { return nil }
      switch (low, comma, high) {
      case (let low?, false, _): return (low, low, cursor + 1 - index)
      case (let low?, true, nil): return (low, nil, cursor + 1 - index)
      case (let low?, true, let high?):
        return high >= low ? (low, high, cursor + 1 - index) : nil
      case (nil, true, let high?) where flavor == .ruby: return (0, high, cursor + 1 - index)
      default: return nil
      }
    }

    // MARK: Atoms

    /// One atom, or nil for something that matches nothing at all (a comment, a flag
    /// switch like `(?i)`).
    mutating func atom(flags: inout Flags, depth: Int) -> Node? {
      let start = position
      let byte = source[position]
      switch byte {
      case UInt8(ascii: "("):
        return group(flags: &flags, depth: depth)
      case UInt8(ascii: "["):
        position += 1
        let set = bracket(flags: flags)
        return .bytes(set)
      case UInt8(ascii: "."):
        position += 1
        return .bytes(flags.contains(.dotAll) ? .all : .notNewline)
      case UInt8(ascii: "^"):
        position += 1
        return .anchor(flags.contains(.multiline) ? .lineStart : .textStart)
      case UInt8(ascii: "$"):
        position += 1
        return .anchor(flags.contains(.multiline) ? .lineEnd : .textEndOrFinalNewline)
      case UInt8(ascii: "\\"):
        return escape(flags: flags)
      case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
        position += 1
        obstacle("quantifier with nothing to repeat", at: start, approximable: false)
        return nil
      case UInt8(ascii: "{"):
        // Not an interval here (a quantifier would have been read): a literal brace.
        position += 1
        return literal(byte, flags: flags)
      default:
        return literalCharacter(flags: flags)
      }
    }

    /// A literal byte, or for Ruby a whole UTF-8 character (a quantifier after it
    /// repeats the character, not its last byte).
    mutating func literalCharacter(flags: Flags) -> Node {
      let byte = source[position]
      let length = flavor == .ruby ? utf8Length(byte) : 1
      guard length > 1, position + length <= source.count else {
        position += 1
        return literal(byte, flags: flags)
      }
      let bytes = source[position..<(position + length)]
      if flags.contains(.caseless) {
        obstacle(
          "case-insensitive non-ASCII character: Ruby folds it, bytes cannot (approximated as case-sensitive)",
          approximable: true)
      }
      position += length
      return .group(.sequence(bytes.map { .bytes(ByteSet([$0])) }), capture: nil)
    }

    func utf8Length(_ lead: UInt8) -> Int {
      switch lead {
      case 0xC2...0xDF: 2
      case 0xE0...0xEF: 3
      case 0xF0...0xF4: 4
      default: 1
      }
    }

    func literal(_ byte: UInt8, flags: Flags) -> Node {
      let set = ByteSet([byte])
      return .bytes(flags.contains(.caseless) ? set.caseFolded : set)
    }

    mutating func group(flags outer: inout Flags, depth: Int) -> Node? {
      let start = position
      position += 1  // "("
      var flags = outer
      var capture: Int?
      var approximateAs: Node?
      if peek() == UInt8(ascii: "?") {
        position += 1
        switch peek() {
        case UInt8(ascii: ":"):
          position += 1
        case UInt8(ascii: "#"):
          while let byte = peek(), byte != UInt8(ascii: ")") { position += 1 }
          position += 1
          return nil
        case UInt8(ascii: "="), UInt8(ascii: "!"):
          obstacle(
            "look-ahead (?\(Character(UnicodeScalar(peek()!)))...): awk has none (approximated by leaving it out)",
            at: start, approximable: true)
          position += 1
          approximateAs = .sequence([])
        case UInt8(ascii: ">"):
          obstacle(
            "atomic group (?>...): awk always backtracks (approximated as a plain group)",
            at: start, approximable: true)
          position += 1
        case UInt8(ascii: "|"):
          // Branch reset only renumbers captures.
          position += 1
        case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "=") || peek(1) == UInt8(ascii: "!"):
          obstacle(
            "look-behind (?<\(Character(UnicodeScalar(peek(1)!)))...): awk has none (approximated by leaving it out)",
            at: start, approximable: true)
          position += 2
          approximateAs = .sequence([])
        case UInt8(ascii: "<"), UInt8(ascii: "'"), UInt8(ascii: "P"):
          // Named capture: (?<name>...), (?'name'...), (?P<name>...).
          if peek() == UInt8(ascii: "P") { position += 1 }
          guard peek() == UInt8(ascii: "<") || peek() == UInt8(ascii: "'") else {
            obstacle("(?P...) other than a named group", at: start, approximable: false)
            return skipGroup()
          }
          let close = peek() == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "'")
          while let byte = peek(), byte != close { position += 1 }
          position += 1
          captureCount += 1
          capture = captureCount
        default:
          // Inline flags: (?i) (?-i) (?i:...) (?mi-s:...).
          guard let (newFlags, scoped) = inlineFlags(flags, start: start) else {
            return skipGroup()
          }
          if !scoped {
            outer = newFlags
            return nil
          }
          flags = newFlags
        }
      } else {
        captureCount += 1
        capture = captureCount
      }
      let body = alternation(flags: &flags, depth: depth + 1)
      if peek() == UInt8(ascii: ")") {
        position += 1
      } else {
        obstacle("missing ')'", at: start, approximable: false)
      }
      if let capture { groups[capture] = body }
      if let approximateAs { return approximateAs }
      return .group(body, capture: capture)
    }

    /// Reads flag letters after `(?` up to `)` (a switch for the rest of the group) or
    /// `:` (a scoped group); nil after noting an obstacle.
    mutating func inlineFlags(_ flags: Flags, start: Int) -> (Flags, scoped: Bool)? {
      var result = flags
      var negate = false
      while let byte = peek() {
        position += 1
        switch byte {
        case UInt8(ascii: "-"): negate = true
        case UInt8(ascii: "i"):
          if negate { result.remove(.caseless) } else { result.insert(.caseless) }
        case UInt8(ascii: "s") where flavor == .pcre:
          if negate { result.remove(.dotAll) } else { result.insert(.dotAll) }
        case UInt8(ascii: "m") where flavor == .pcre:
          if negate { result.remove(.multiline) } else { result.insert(.multiline) }
        case UInt8(ascii: "m") where flavor == .ruby:
          if negate { result.remove(.dotAll) } else { result.insert(.dotAll) }
        case UInt8(ascii: ")"): return (result, false)
        case UInt8(ascii: ":"): return (result, true)
        default:
          position -= 1
          obstacle(
            "'(?\(Character(UnicodeScalar(byte)))': group syntax with no awk meaning",
            at: start, approximable: false)
          return nil
        }
      }
      obstacle("missing ')'", at: start, approximable: false)
      return nil
    }

    /// Skips a group the reader cannot use, keeping nesting balanced.
    mutating func skipGroup() -> Node? {
      var depth = 1
      while let byte = peek() {
        position += 1
        if byte == UInt8(ascii: "\\") {
          position += 1
        } else if byte == UInt8(ascii: "(") {
          depth += 1
        } else if byte == UInt8(ascii: ")") {
          depth -= 1
          if depth == 0 { break }
        }
      }
      return nil
    }

    // MARK: Back-references

    func resolveBackReferences(_ node: Node) -> Node {
      switch node {
      case .group(_, let capture) where (capture ?? 0) < 0:
        // A back-reference: a copy of group -capture, or nothing if there is no such group.
        return groups[-capture!].map { .group(resolveBackReferences($0), capture: nil) }
          ?? .sequence([])
      case .group(let body, let capture):
        return .group(resolveBackReferences(body), capture: capture)
      case .sequence(let items): return .sequence(items.map(resolveBackReferences))
      case .alternation(let items): return .alternation(items.map(resolveBackReferences))
      case .repetition(let body, let min, let max):
        return .repetition(resolveBackReferences(body), min: min, max: max)
      case .bytes, .anchor: return node
      }
    }
  }
}
