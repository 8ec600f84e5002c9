/// Translates an awk regular expression (POSIX ERE as awk reads it) into a PCRE2 pattern
/// that matches exactly the same banners.
///
/// The pattern is compiled with `DOTALL`, `DOLLAR_ENDONLY`, `NO_AUTO_CAPTURE` and never
/// UTF, and matched against bytes. Every decision below reproduces what gawk, mawk and
/// original-awk do (the test suite runs all three as the oracle):
///
/// | awk source            | awk meaning                         | PCRE2 emitted             |
/// |-----------------------|-------------------------------------|---------------------------|
/// | `.`                   | any byte, newline included          | `.` (with DOTALL)         |
/// | `$`                   | end of subject only, repeatable     | `(?:$)` (DOLLAR_ENDONLY)  |
/// | `\/` `\"`             | `/` `"`                             | the byte                  |
/// | `\n \t \r \f \v \a`   | control bytes                       | `\xHH`                    |
/// | `\b`                  | backspace, 0x08 (not a word boundary)| `\x08`                   |
/// | `\ddd` (1-3 octal)    | that byte (`\1` is no back-reference)| `\xHH`                   |
/// | `\xHH` (1-2 hex)      | that byte                           | `\xHH`                    |
/// | `\.` `\*` `\(` ...    | the literal character               | `\xHH`                    |
/// | `\y \B \< \> \w \W \s \S` | gawk: GNU operators; mawk, original-awk: the letter | the letter (we follow mawk and original-awk; `lint` warns) |
/// | `\d \D \h \A \z \Q` ... | PCRE escapes, not awk             | error                     |
/// | `\q` (other letters)  | the letter                          | the letter                |
/// | `a{2}` `a{2,}` `a{2,3}`| gawk, original-awk: interval; mawk: literal | interval (`lint` warns) |
/// | `a{,3}` `a{x}` `a{1`  | literal (all three awks)            | literal                   |
/// | `{` not an interval   | literal `{`                         | `\x7b`                    |
/// | `*` `+` `?` at the start, after `(` or `\|` | mawk, original-awk: error; gawk: literal | error |
/// | `^*`                  | gawk, original-awk: literal `*`     | `\x2a` (`lint` warns)     |
/// | unmatched `)`         | literal `)` (all three awks)        | `\x29` (`lint` warns)     |
/// | `(a\|)` `a\|` `()`     | gawk: empty alternative; mawk, original-awk: error | empty alternative (`lint` warns) |
/// | `a**`, `a+*`          | same as `a*`                        | `(?:a+)*`                 |
/// | `*?` `+?` `*+` `(?`   | PCRE lazy/possessive/group syntax   | error                     |
/// | `[...]`               | bracket expression, `\` escapes inside, `]` first is literal | a class of escaped bytes |
/// | `[[:alpha:]]`         | POSIX class, C locale               | the same class            |
/// | `[[.a.]]` `[[=a=]]`   | collating symbols (locale-dependent)| error                     |
/// | bytes >= 0x80         | bytes (C locale)                    | `\xHH`, no UTF mode       |
///
/// Literal bytes other than letters, digits and a few harmless punctuation marks are
/// emitted as `\xHH`, so no byte of a banner-derived rule can turn into PCRE syntax.
public enum AwkRegexTranslator {
  /// The result: a PCRE2 pattern, and for each of its bytes the offset of the awk
  /// construct it came from, so PCRE2's error offsets map back to the rule file.
  public struct Translation: Sendable, Hashable {
    public var pattern: [UInt8]
    /// `sourceOffsets[i]` is the offset in the awk source of pattern byte `i`; one extra
    /// entry maps the end of the pattern to the end of the source.
    public var sourceOffsets: [Int]
    /// Constructs that awks read differently (gawk versus mawk/original-awk).
    public var portabilityNotes: [Note]

    /// The awk source offset that a PCRE2 pattern offset came from.
    public func sourceOffset(forPatternOffset offset: Int) -> Int {
      sourceOffsets[min(max(offset, 0), sourceOffsets.count - 1)]
    }
  }

  /// Something about one spot of the awk source: an error, or a portability warning.
  public struct Note: Error, Sendable, Hashable {
    public var offset: Int
    public var message: String
  }

  /// Translates `source`, the bytes between the slashes of `/REGEX/` (with `\/` still
  /// escaped), into PCRE2 syntax.
  ///
  ///     try AwkRegexTranslator.translate(Array("Mercury 1\\... SMTP".utf8)).pattern
  ///     // "Mercury 1\x2e.. SMTP" as bytes
  ///
  /// - Throws: `Note` naming the offset of the first construct that is not awk syntax.
  public static func translate(_ source: [UInt8]) throws(Note) -> Translation {
    var translator = Translator(source: source)
    try translator.run()
    return Translation(
      pattern: translator.output, sourceOffsets: translator.offsets + [source.count],
      portabilityNotes: translator.notes)
  }
}

private struct Translator {
  let source: [UInt8]
  var output: [UInt8] = []
  var offsets: [Int] = []
  var notes: [AwkRegexTranslator.Note] = []

  var position = 0
  /// Where the last repeatable item starts in `output`, nil when nothing can be repeated
  /// here (start of regex, after `(`, `|`, `^`, `$`).
  var lastAtomStart: Int?
  /// The source offset where the last atom began (for wrapping stacked quantifiers).
  var lastAtomSourceOffset = 0
  var lastWasQuantifier = false
  var openGroups: [(outputStart: Int, sourceOffset: Int)] = []
  /// Where the current alternative began in `output`, to notice empty ones.
  var alternativeStart = 0
  /// True right after `^`: gawk and original-awk read a `*` there as a literal star.
  var afterCaret = false

  init(source: [UInt8]) { self.source = source }

  mutating func run() throws(AwkRegexTranslator.Note) {
    while position < source.count {
      let start = position
      let byte = source[position]
      let caretBefore = afterCaret
      afterCaret = false
      switch byte {
      case UInt8(ascii: "\\"):
        let literal = try escape(insideBracket: false)
        beginAtom(at: start)
        emitLiteral(literal, from: start)
      case UInt8(ascii: "["):
        beginAtom(at: start)
        try bracketExpression()
      case UInt8(ascii: "("):
        if peek(1) == UInt8(ascii: "?") {
          throw error(at: start, "'(?' is PCRE syntax, not awk: awk groups are plain (...)")
        }
        openGroups.append((output.count, start))
        emit("(", from: start)
        position += 1
        lastAtomStart = nil
        lastWasQuantifier = false
        alternativeStart = output.count
      case UInt8(ascii: ")"):
        guard let group = openGroups.popLast() else {
          // gawk, mawk and original-awk all read an unmatched ')' as itself.
          beginAtom(at: start)
          emitLiteral(byte, from: start)
          position += 1
          notes.append(
            .init(offset: start, message: "unmatched ')' matches itself; write \\) to say so"))
          continue
        }
        noteEmptyAlternative(at: start)
        emit(")", from: start)
        position += 1
        lastAtomStart = group.outputStart
        lastAtomSourceOffset = group.sourceOffset
        lastWasQuantifier = false
      case UInt8(ascii: "|"):
        noteEmptyAlternative(at: start)
        emit("|", from: start)
        position += 1
        lastAtomStart = nil
        lastWasQuantifier = false
        alternativeStart = output.count
      case UInt8(ascii: "^"):
        emit(byte, from: start)
        position += 1
        lastAtomStart = nil
        lastWasQuantifier = false
        afterCaret = true
      case UInt8(ascii: "$"):
        // All three awks let `$` be repeated (`a$*` matches "a"); PCRE2 only repeats
        // groups, so `$` goes in one.
        beginAtom(at: start)
        for out in Array("(?:$)".utf8) { emit(out, from: start) }
        position += 1
      case UInt8(ascii: "."):
        beginAtom(at: start)
        emit(".", from: start)
        position += 1
      case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
        afterCaret = caretBefore
        try quantifier(byte, at: start)
        afterCaret = false
      case UInt8(ascii: "{"):
        if lastAtomStart != nil, let interval = try intervalAt(start) {
          try applyQuantifier(interval.text, at: start, length: interval.length)
          notes.append(
            .init(
              offset: start, message: "interval '{...}' is not portable: mawk reads it literally"))
        } else {
          beginAtom(at: start)
          emitLiteral(byte, from: start)
          position += 1
        }
      default:
        beginAtom(at: start)
        emitLiteral(byte, from: start)
        position += 1
      }
    }
    if let group = openGroups.last {
      throw error(at: group.sourceOffset, "unmatched '(': close the group with ')'")
    }
    if !source.isEmpty { noteEmptyAlternative(at: source.count) }
  }

  /// `(a|)`, `a|` and `()`: gawk and PCRE2 read an empty alternative as matching the
  /// empty string; mawk and original-awk reject the regex.
  mutating func noteEmptyAlternative(at offset: Int) {
    guard output.count == alternativeStart else { return }
    notes.append(
      .init(
        offset: offset,
        message: "empty alternative is not portable: mawk and original-awk reject it"))
  }

  // MARK: Quantifiers

  mutating func quantifier(_ byte: UInt8, at start: Int) throws(AwkRegexTranslator.Note) {
    guard lastAtomStart != nil else {
      let symbol = Character(Unicode.Scalar(byte))
      guard afterCaret else {
        throw error(
          at: start,
          "'\(symbol)' has nothing to repeat (mawk and original-awk reject this); write \\\(symbol) for a literal '\(symbol)'"
        )
      }
      // `^*`: gawk and original-awk read the star literally.
      beginAtom(at: start)
      emitLiteral(byte, from: start)
      position += 1
      notes.append(
        .init(
          offset: start,
          message:
            "'\(symbol)' after '^' is literal in gawk and original-awk but rejected by mawk; write \\\(symbol)"
        ))
      return
    }
    if lastWasQuantifier && byte != UInt8(ascii: "*") {
      let what = byte == UInt8(ascii: "?") ? "lazy" : "possessive"
      throw error(
        at: start,
        "'\(Character(Unicode.Scalar(source[start - 1])))\(Character(Unicode.Scalar(byte)))' is a PCRE \(what) quantifier, not awk; write (x*)? or (x+)+ if you mean it"
      )
    }
    try applyQuantifier([byte], at: start, length: 1)
  }

  /// Appends a quantifier to the last atom. awk allows stacked quantifiers (`a+*` is
  /// `(a+)*`); PCRE2 reads some of them as lazy or possessive, so the previous atom and
  /// its quantifier are wrapped in a non-capturing group first.
  mutating func applyQuantifier(_ text: [UInt8], at start: Int, length: Int)
    throws(AwkRegexTranslator.Note)
  {
    guard let atomStart = lastAtomStart else { return }
    if lastWasQuantifier {
      output.insert(contentsOf: Array("(?:".utf8), at: atomStart)
      offsets.insert(contentsOf: Array(repeating: lastAtomSourceOffset, count: 3), at: atomStart)
      emit(")", from: start)
    }
    for byte in text { emit(byte, from: start) }
    position += length
    lastWasQuantifier = true
  }

  /// An ERE interval at `start` (`{n}`, `{n,}`, `{n,m}`), normalised for PCRE2;
  /// nil when the brace does not open an interval (awk then reads it literally).
  func intervalAt(_ start: Int) throws(AwkRegexTranslator.Note) -> (text: [UInt8], length: Int)? {
    var index = start + 1
    func number() -> Int? {
      var value: Int?
      while index < source.count, let digit = digitValue(source[index], radix: 10) {
        value = min((value ?? 0) * 10 + digit, 100_000)
        index += 1
      }
      return value
    }
    let low = number()
    var hasComma = false
    var high: Int?
    if index < source.count, source[index] == UInt8(ascii: ",") {
      hasComma = true
      index += 1
      high = number()
    }
    // `{}`, `{,}` and `{,m}` are no intervals: all three awks read them literally.
    guard index < source.count, source[index] == UInt8(ascii: "}"), low != nil else { return nil }
    let lowValue = low ?? 0
    if let high, high < lowValue {
      throw error(at: start, "interval {\(lowValue),\(high)} has its bounds the wrong way round")
    }
    guard max(lowValue, high ?? 0) <= 65535 else {
      throw error(at: start, "interval bound above 65535")
    }
    let text: String
    switch (hasComma, high) {
    case (false, _): text = "{\(lowValue)}"
    case (true, nil): text = "{\(lowValue),}"
    case (true, let high?): text = "{\(lowValue),\(high)}"
    }
    return (Array(text.utf8), index + 1 - start)
  }

  // MARK: Escapes

  /// Reads the escape at `position` (a backslash) and returns the byte it stands for.
  mutating func escape(insideBracket: Bool) throws(AwkRegexTranslator.Note) -> UInt8 {
    let start = position
    guard position + 1 < source.count else {
      throw error(at: start, "trailing backslash: write \\\\ for a literal backslash")
    }
    let next = source[position + 1]
    position += 2
    switch next {
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "t"): return 0x09
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "v"): return 0x0B
    case UInt8(ascii: "a"): return 0x07
    case UInt8(ascii: "b"): return 0x08  // backspace in awk, never a word boundary
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = Int(next - UInt8(ascii: "0"))
      var digits = 1
      while digits < 3, position < source.count, let digit = digitValue(source[position], radix: 8)
      {
        value = value * 8 + digit
        position += 1
        digits += 1
      }
      return UInt8(truncatingIfNeeded: value)
    case UInt8(ascii: "x"):
      var value = 0
      var digits = 0
      while digits < 2, position < source.count, let digit = digitValue(source[position], radix: 16)
      {
        value = value * 16 + digit
        position += 1
        digits += 1
      }
      if digits == 0 {
        notes.append(.init(offset: start, message: "'\\x' without hex digits is not portable"))
        return next
      }
      return UInt8(value)
    default:
      let letter = Character(Unicode.Scalar(next))
      if Self.pcreOnlyEscapes.contains(next) {
        throw error(
          at: start,
          "'\\\(letter)' is PCRE syntax, not awk (awk reads it as the letter '\(letter)'); use a bracket expression such as [0-9] or [ \\t]"
        )
      }
      if Self.gnuOperators.contains(next) {
        if insideBracket { return next }
        notes.append(
          .init(
            offset: start,
            message:
              "'\\\(letter)' is not portable: gawk reads it as an operator, mawk and original-awk as the letter '\(letter)' (banners follows them)"
          ))
      }
      return next
    }
  }

  static let pcreOnlyEscapes = Set("dDhHNRKAzZGQEpPXgkC".utf8)
  static let gnuOperators = Set("yB<>wWsS`'".utf8)

  // MARK: Bracket expressions

  enum BracketItem {
    case byte(UInt8)
    case range(UInt8, UInt8)
    case posixClass([UInt8])
  }

  static let posixClasses: Set<String> = [
    "alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print", "graph",
    "cntrl", "xdigit",
  ]

  mutating func bracketExpression() throws(AwkRegexTranslator.Note) {
    let start = position
    position += 1
    var negated = false
    if peek(0) == UInt8(ascii: "^") {
      negated = true
      position += 1
    }
    var items: [BracketItem] = []
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
        let name = Array(source[(position + 2)..<end])
        guard Self.posixClasses.contains(String(decoding: name, as: UTF8.self)) else {
          throw error(
            at: itemStart,
            "unknown character class '[:\(String(decoding: name, as: UTF8.self)):]'; known: \(Self.posixClasses.sorted().joined(separator: ", "))"
          )
        }
        items.append(.posixClass(name))
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
        items.append(.range(low, high))
      } else {
        items.append(.byte(low))
      }
    }
    emit("[", from: start)
    if negated { emit("^", from: start) }
    for item in items {
      switch item {
      case .byte(let byte): emitClassByte(byte, from: start)
      case .range(let low, let high):
        emitClassByte(low, from: start)
        emit("-", from: start)
        emitClassByte(high, from: start)
      case .posixClass(let name):
        for byte in Array("[:".utf8) + name + Array(":]".utf8) { emit(byte, from: start) }
      }
    }
    emit("]", from: start)
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

  // MARK: Emitting

  mutating func beginAtom(at sourceOffset: Int) {
    lastAtomStart = output.count
    lastAtomSourceOffset = sourceOffset
    lastWasQuantifier = false
  }

  mutating func emit(_ byte: UInt8, from sourceOffset: Int) {
    output.append(byte)
    offsets.append(sourceOffset)
  }

  mutating func emit(_ character: Unicode.Scalar, from sourceOffset: Int) {
    emit(UInt8(ascii: character), from: sourceOffset)
  }

  /// A byte that must match itself: letters, digits and inert punctuation go through,
  /// everything else as `\xHH`, which PCRE2 reads as that byte in any context.
  mutating func emitLiteral(_ byte: UInt8, from sourceOffset: Int) {
    if Self.inertOutsideClass.contains(byte) {
      emit(byte, from: sourceOffset)
    } else {
      emitHex(byte, from: sourceOffset)
    }
  }

  mutating func emitClassByte(_ byte: UInt8, from sourceOffset: Int) {
    if Self.isAlphanumeric(byte) {
      emit(byte, from: sourceOffset)
    } else {
      emitHex(byte, from: sourceOffset)
    }
  }

  mutating func emitHex(_ byte: UInt8, from sourceOffset: Int) {
    let digits = Array("0123456789abcdef".utf8)
    for out in [
      UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)],
    ] {
      emit(out, from: sourceOffset)
    }
  }

  static let inertOutsideClass: Set<UInt8> = {
    var set = Set<UInt8>()
    for byte in UInt8(0)...UInt8(255) where isAlphanumeric(byte) { set.insert(byte) }
    for byte in " !\"%&',-/:;<=>@_`~".utf8 { set.insert(byte) }
    return set
  }()

  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }

  func peek(_ ahead: Int) -> UInt8? {
    position + ahead < source.count ? source[position + ahead] : nil
  }

  func error(at offset: Int, _ message: String) -> AwkRegexTranslator.Note {
    .init(offset: offset, message: message)
  }
}

private func digitValue(_ byte: UInt8, radix: Int) -> Int? {
  let value: Int
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
  default: return nil
  }
  return value < radix ? value : nil
}
