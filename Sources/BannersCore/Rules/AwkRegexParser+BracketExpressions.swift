// awk bracket expressions: ranges, POSIX classes, `]` first, `\` escapes inside.
extension AwkRegexParser {
  static let posixClasses: Set<String> = [
    "alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print", "graph",
    "cntrl", "xdigit",
  ]

  mutating func bracketExpression() throws(AwkRegexTranslator.Note)
    -> AwkRegexSyntax.BracketExpression
  {
    let start = position
    position += 1
    var negated = false
    if peek(0) == UInt8(ascii: "^") {
      negated = true
      position += 1
    }
    var members: [AwkRegexSyntax.BracketExpression.Member] = []
    var first = true
    while true {
      guard position < source.count else {
        throw error(at: start, "unterminated bracket expression: close it with ']'")
      }
      let itemStart = position
      let byte = source[position]
      if byte == UInt8(ascii: "]") && !first {
        position += 1
        break
      }
      first = false
      if byte == UInt8(ascii: "["), let kind = peek(1),
        [UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "=")].contains(kind)
      {
        if kind != UInt8(ascii: ":") {
          throw error(
            at: itemStart,
            "collating elements [. .] and equivalence classes [= =] are not supported")
        }
        guard let end = findClassEnd(from: position + 2) else {
          throw error(at: itemStart, "unterminated character class: close it with ':]'")
        }
        let name = String(decoding: source[(position + 2)..<end], as: UTF8.self)
        guard Self.posixClasses.contains(name) else {
          throw error(
            at: itemStart,
            "unknown character class '[:\(name):]'; known: \(Self.posixClasses.sorted().joined(separator: ", "))"
          )
        }
        members.append(.namedClass(name))
        position = end + 2
        continue
      }
      let low = try bracketByte()
      if peek(0) == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") {
        position += 1
        let high = try bracketByte()
        guard low <= high else {
          throw error(
            at: itemStart, "range out of order: the first byte must not be above the second")
        }
        members.append(.range(low, high))
      } else {
        members.append(.byte(low))
      }
    }
    return .init(negated: negated, members: members)
  }

  /// One byte inside a bracket: awk lets `\` escape there too (`[\/]`, `[\]]`).
  mutating func bracketByte() throws(AwkRegexTranslator.Note) -> UInt8 {
    if source[position] == UInt8(ascii: "\\") {
      return try escape(insideBracket: true)
    }
    defer { position += 1 }
    return source[position]
  }

  func findClassEnd(from index: Int) -> Int? {
    var index = index
    while index + 1 < source.count {
      if source[index] == UInt8(ascii: ":") && source[index + 1] == UInt8(ascii: "]") {
        return index
      }
      index += 1
    }
    return nil
  }
}
