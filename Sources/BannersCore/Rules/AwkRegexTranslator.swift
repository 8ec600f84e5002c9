/// Translates an awk regular expression (POSIX ERE as awk reads it) into a PCRE2 pattern
/// that matches exactly the same banners: `AwkRegexParser` reads the syntax tree, and
/// `PCRE2Emitter` (`AwkRegexTranslator+Emitting.swift`) writes the pattern from it.
///
/// The pattern is compiled with `DOTALL`, `DOLLAR_ENDONLY`, `NO_AUTO_CAPTURE` and never
/// UTF, and matched against bytes. Every decision below reproduces what gawk, mawk and
/// original-awk do (the test suite runs all three as the oracle):
///
/// | awk source            | awk meaning                         | PCRE2 emitted             |
/// |-----------------------|-------------------------------------|---------------------------|
/// | `.`                   | any byte, newline included          | `.` (with DOTALL)         |
/// | `$`                   | end of subject only                 | `(?:$)` (DOLLAR_ENDONLY)  |
/// | `\/` `\"`             | `/` `"`                             | the byte                  |
/// | `\n \t \r \f \v \a`   | control bytes                       | `\xHH`                    |
/// | `\b`                  | backspace, 0x08 (not a word boundary)| `\x08`                   |
/// | `\ddd` (1-3 octal)    | that byte (`\1` is no back-reference)| `\xHH`                   |
/// | `\xHH` (1-2 hex)      | that byte                           | `\xHH`                    |
/// | `\56` `\x2e` `\174`   | gawk: the operator; mawk, original-awk: the byte | the byte (`lint` warns) |
/// | `\.` `\*` `\(` ...    | the literal character               | `\xHH`                    |
/// | `\y \B \< \> \w \W \s \S` | gawk: GNU operators; mawk, original-awk: the letter | the letter (we follow mawk and original-awk; `lint` warns) |
/// | `\d \D \h \A \z \Q` ... | PCRE escapes, not awk             | error                     |
/// | `\q` (other letters)  | the letter                          | the letter                |
/// | `a{2}` `a{2,}` `a{2,3}`| gawk, original-awk: interval; mawk: literal | interval (`lint` warns) |
/// | `a{,3}`               | gawk 5.2: interval {0,3}; mawk, original-awk: literal | literal (`lint` warns) |
/// | `a{x}` `a{1`          | literal (all three awks)            | literal                   |
/// | `{` not an interval   | literal `{`                         | `\x7b`                    |
/// | `*` `+` `?` at the start, after `(` or `\|` | mawk, original-awk: error; gawk: literal | error |
/// | `^*` `^+`             | gawk: literal; original-awk: repeated anchor; mawk: error | `\x2a` `+` literal (`lint` warns) |
/// | `^?`                  | mawk, original-awk: optional anchor; gawk: literal `?` | `(?:^)?` (`lint` warns) |
/// | `a$*` `a$?` `$*` `$$` | the majority of the three (docs/awk-semantics.md) | `(?:$)*` ... (`lint` warns) |
/// | `$+$` `$$+` `a($+$)`  | gawk, original-awk: never matches; mawk: any banner | `[^\x00-\xff]` first: never (`lint` warns) |
/// | unmatched `)`         | literal `)` (all three awks)        | `\x29` (`lint` warns)     |
/// | `(a\|)` `a\|` `()`     | gawk: empty alternative; mawk, original-awk: error | empty alternative (`lint` warns) |
/// | `a**`, `a+*`          | same as `a*`                        | `(?:a+)*`                 |
/// | `*?` `+?` `*+` `(?`   | PCRE lazy/possessive/group syntax   | error                     |
/// | `[...]`               | bracket expression, `\` escapes inside, `]` first is literal | a class of escaped bytes |
/// | `[[:alpha:]]`         | POSIX class, C locale               | the same class            |
/// | `[[.a.]]` `[[=a=]]`   | collating symbols (locale-dependent)| error                     |
/// | bytes >= 0x80         | bytes (C locale)                    | `\xHH`, no UTF mode       |
///
/// Where the awks disagree, banners follows the majority when there is one; the table
/// with each awk's reading is docs/awk-semantics.md.
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
    /// The awk regex's syntax tree, which the pattern was emitted from and the automata
    /// of `banners lint` read.
    public var syntax: AwkRegexSyntax

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
    let (syntax, notes) = try AwkRegexParser.parse(source)
    var emitter = PCRE2Emitter()
    emitter.emit(syntax.root)
    return Translation(
      pattern: emitter.output, sourceOffsets: emitter.offsets + [source.count],
      portabilityNotes: notes, syntax: syntax)
  }
}
