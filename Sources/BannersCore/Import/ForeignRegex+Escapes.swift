// Backslash escapes and bracket expressions of Perl/Ruby regexes, read as byte sets.

extension ForeignRegex.Parser {
  typealias Node = ForeignRegex.Node
  typealias Flags = ForeignRegex.Flags

  /// What one escape stands for.
  enum Escaped {
    case set(ByteSet)
    case byte(UInt8)
    case node(Node)
    /// Matches nothing and means nothing here (`\E`, `\K`).
    case nothing
  }

  /// An escape outside brackets, at `\`.
  mutating func escape(flags: Flags) -> Node? {
    switch readEscape(insideBracket: false) {
    case .set(let set): return .bytes(set)
    case .byte(let byte): return literal(byte, flags: flags)
    case .node(let node): return node
    case .nothing: return nil
    }
  }

  /// Reads the escape at `\` and moves past it.
  mutating func readEscape(insideBracket: Bool) -> Escaped {
    let start = position
    position += 1
    guard let letter = peek() else {
      obstacle("trailing backslash", at: start, approximable: false)
      return .nothing
    }
    position += 1
    func character() -> String { String(Character(UnicodeScalar(letter))) }
    switch letter {
    case UInt8(ascii: "d"): return .set(.digits)
    case UInt8(ascii: "D"): return .set(ByteSet.digits.inverted)
    case UInt8(ascii: "w"): return .set(.word)
    case UInt8(ascii: "W"): return .set(ByteSet.word.inverted)
    case UInt8(ascii: "s"): return .set(.space)
    case UInt8(ascii: "S"): return .set(ByteSet.space.inverted)
    case UInt8(ascii: "h"):
      return .set(flavor == .ruby ? .hexDigits : .horizontalSpace)
    case UInt8(ascii: "H"):
      return .set(flavor == .ruby ? ByteSet.hexDigits.inverted : ByteSet.horizontalSpace.inverted)
    case UInt8(ascii: "v"):
      return flavor == .ruby ? .byte(0x0B) : .set(.verticalSpace)
    case UInt8(ascii: "V") where flavor == .pcre: return .set(ByteSet.verticalSpace.inverted)
    case UInt8(ascii: "n"): return .byte(0x0A)
    case UInt8(ascii: "r"): return .byte(0x0D)
    case UInt8(ascii: "t"): return .byte(0x09)
    case UInt8(ascii: "f"): return .byte(0x0C)
    case UInt8(ascii: "e"): return .byte(0x1B)
    case UInt8(ascii: "a"): return .byte(0x07)
    case UInt8(ascii: "0"): return .byte(octal(startingWith: 0, maxMoreDigits: 2))
    case UInt8(ascii: "1")...UInt8(ascii: "9"):
      if insideBracket {
        // In a class a digit escape is octal (or the digit itself for 8 and 9).
        guard letter < UInt8(ascii: "8") else { return .byte(letter) }
        return .byte(octal(startingWith: Int(letter - 48), maxMoreDigits: 2))
      }
      var number = Int(letter - 48)
      var cursor = position
      while cursor < source.count, (48...57).contains(source[cursor]), number < 1000 {
        number = number * 10 + Int(source[cursor] - 48)
        cursor += 1
      }
      if number < 10 || number <= captureCount {
        position = cursor
        obstacle(
          "back-reference \\\(number): awk has none (approximated by a copy of group \(number))",
          at: start, approximable: true)
        return .node(.group(.sequence([]), capture: -number))
      }
      guard letter < UInt8(ascii: "8") else { return .byte(letter) }
      return .byte(octal(startingWith: Int(letter - 48), maxMoreDigits: 2))
    case UInt8(ascii: "x"): return hexEscape(start: start)
    case UInt8(ascii: "c"):
      guard let control = peek() else {
        obstacle("\\c at the end of the pattern", at: start, approximable: false)
        return .nothing
      }
      position += 1
      let upper = (97...122).contains(control) ? control - 32 : control
      return .byte(upper ^ 0x40)
    case UInt8(ascii: "b") where insideBracket: return .byte(0x08)
    case UInt8(ascii: "b"), UInt8(ascii: "B"):
      obstacle(
        "word boundary \\\(character()): awk has none (approximated by leaving it out)",
        at: start, approximable: true)
      return .node(.sequence([]))
    case UInt8(ascii: "A") where !insideBracket: return .node(.anchor(.textStart))
    case UInt8(ascii: "z") where !insideBracket: return .node(.anchor(.textEnd))
    case UInt8(ascii: "Z") where !insideBracket: return .node(.anchor(.textEndOrFinalNewline))
    case UInt8(ascii: "K") where !insideBracket && flavor == .pcre:
      // Resets the reported start of the match; whether there is a match is unchanged.
      return .nothing
    case UInt8(ascii: "E") where flavor == .pcre: return .nothing
    case UInt8(ascii: "Q") where flavor == .pcre && !insideBracket:
      var bytes: [Node] = []
      while position < source.count, !peekIs("\\E") {
        bytes.append(.bytes(ByteSet([source[position]])))
        position += 1
      }
      if peekIs("\\E") { position += 2 }
      return .node(.group(.sequence(bytes), capture: nil))
    case UInt8(ascii: "N") where flavor == .pcre && !insideBracket && peek() != UInt8(ascii: "{"):
      return .set(.notNewline)
    case UInt8(ascii: "R") where !insideBracket:
      obstacle(
        "\\R is atomic: awk always backtracks (approximated as (\\r\\n|[\\n\\v\\f\\r\\x85]))",
        at: start, approximable: true)
      return .node(
        .alternation([
          .sequence([.bytes(ByteSet([0x0D])), .bytes(ByteSet([0x0A]))]),
          .bytes(ByteSet.verticalSpace),
        ]))
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
      obstacle("escape \\\(character()) has no awk equivalent", at: start, approximable: false)
      return .nothing
    default:
      // An escaped punctuation mark or byte stands for itself.
      return .byte(letter)
    }
  }

  mutating func octal(startingWith first: Int, maxMoreDigits: Int) -> UInt8 {
    var value = first
    var more = 0
    while more < maxMoreDigits, let digit = peek(), (48...55).contains(digit) {
      value = value * 8 + Int(digit - 48)
      position += 1
      more += 1
    }
    return UInt8(truncatingIfNeeded: value)
  }

  mutating func hexEscape(start: Int) -> Escaped {
    func hexValue(_ byte: UInt8) -> Int? {
      switch byte {
      case 48...57: Int(byte - 48)
      case 65...70: Int(byte - 55)
      case 97...102: Int(byte - 87)
      default: nil
      }
    }
    if peek() == UInt8(ascii: "{") {
      position += 1
      var value = 0
      while let byte = peek(), let digit = hexValue(byte) {
        value = value * 16 + digit
        position += 1
        if value > 0x10FFFF { break }
      }
      guard peek() == UInt8(ascii: "}") else {
        obstacle("unterminated \\x{...}", at: start, approximable: false)
        return .nothing
      }
      position += 1
      guard value <= 0xFF else {
        obstacle(
          "\\x{\(String(value, radix: 16))} is not one byte (banners are bytes, not characters)",
          at: start, approximable: false)
        return .nothing
      }
      return .byte(UInt8(value))
    }
    var value = 0
    var digits = 0
    while digits < 2, let byte = peek(), let digit = hexValue(byte) {
      value = value * 16 + digit
      position += 1
      digits += 1
    }
    return .byte(UInt8(value))
  }

  /// A bracket expression, just after its `[`: the set of bytes it matches.
  mutating func bracket(flags: Flags) -> ByteSet {
    let start = position - 1
    var set = ByteSet()
    var negated = false
    if peek() == UInt8(ascii: "^") {
      negated = true
      position += 1
    }
    var first = true
    while let byte = peek() {
      if byte == UInt8(ascii: "]"), !first { break }
      first = false
      // One item: a byte (which may start a range) or a set.
      var item: Escaped
      if byte == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
        guard let posix = posixClass() else {
          item = .byte(byte)
          position += 1
          set.formUnion(itemSet(item))
          continue
        }
        item = .set(posix)
      } else if byte == UInt8(ascii: "["), flavor == .ruby {
        obstacle("nested character class (Ruby syntax)", approximable: false)
        _ = skipBracket()
        continue
      } else if byte == UInt8(ascii: "&"), peek(1) == UInt8(ascii: "&"), flavor == .ruby {
        obstacle("class intersection && (Ruby syntax)", approximable: false)
        position += 2
        continue
      } else if byte == UInt8(ascii: "\\") {
        item = readEscape(insideBracket: true)
      } else {
        position += 1
        item = .byte(byte)
      }
      if case .byte(let low) = item, peek() == UInt8(ascii: "-"),
        let after = peek(1), after != UInt8(ascii: "]")
      {
        // A range low-high, where high may itself be an escape.
        let save = position
        position += 1
        let high: Escaped
        if after == UInt8(ascii: "\\") {
          high = readEscape(insideBracket: true)
        } else if after == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
          position = save
          set.insert(low)
          continue
        } else {
          position += 1
          high = .byte(after)
        }
        if case .byte(let top) = high, top >= low {
          set.insert(low...top)
          continue
        }
        if case .byte = high {
          obstacle("range out of order in a character class", at: save, approximable: false)
          continue
        }
        // `[a-\d]`: PCRE2 reads the '-' as a literal.
        set.insert(low)
        set.insert(UInt8(ascii: "-"))
        set.formUnion(itemSet(high))
        continue
      }
      set.formUnion(itemSet(item))
    }
    if peek() == UInt8(ascii: "]") {
      position += 1
    } else {
      obstacle("missing ']'", at: start, approximable: false)
    }
    if flavor == .ruby, set.bytes.contains(where: { $0 >= 0x80 }) {
      obstacle(
        "non-ASCII character in a class: Ruby matches characters, awk bytes",
        at: start, approximable: false)
    }
    if flags.contains(.caseless) { set = set.caseFolded }
    return negated ? set.inverted : set
  }

  func itemSet(_ item: Escaped) -> ByteSet {
    switch item {
    case .set(let set): set
    case .byte(let byte): ByteSet([byte])
    case .node, .nothing: ByteSet()
    }
  }

  /// `[:name:]` or `[:^name:]` at `[`; nil (position unchanged) if it is not one.
  mutating func posixClass() -> ByteSet? {
    var cursor = position + 2
    var negated = false
    if cursor < source.count, source[cursor] == UInt8(ascii: "^") {
      negated = true
      cursor += 1
    }
    let nameStart = cursor
    while cursor < source.count, (97...122).contains(source[cursor]) { cursor += 1 }
    guard cursor + 1 < source.count, source[cursor] == UInt8(ascii: ":"),
      source[cursor + 1] == UInt8(ascii: "]"),
      let set = ByteSet.posixClass(String(decoding: source[nameStart..<cursor], as: UTF8.self))
    else { return nil }
    position = cursor + 2
    return negated ? set.inverted : set
  }

  /// Skips a nested `[...]` (Ruby), for recovery after noting the obstacle.
  mutating func skipBracket() -> Bool {
    var depth = 0
    while let byte = peek() {
      position += 1
      if byte == UInt8(ascii: "\\") {
        position += 1
      } else if byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "]") {
        depth -= 1
        if depth == 0 { return true }
      }
    }
    return false
  }
}
