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

extension AwkRegexTranslator {
  /// The translation in progress: the awk source read left to right, the PCRE2 pattern
  /// written as it goes. Escapes, bracket expressions and emitting live in
  /// `AwkRegexTranslator+Escapes.swift`, `+BracketExpressions.swift` and `+Emitting.swift`.
  struct Translator {
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
                offset: start, message: "interval '{...}' is not portable: mawk reads it literally")
            )
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
  }
}
