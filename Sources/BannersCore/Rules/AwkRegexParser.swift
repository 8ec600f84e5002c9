/// Reads an awk regex (POSIX ERE as awk reads it) into an `AwkRegexSyntax`, with the
/// portability notes of the constructs the awks read differently. Every decision is the
/// one documented on `AwkRegexTranslator`.
///
/// One pass, left to right, with a stack of open groups, so the first error reported is
/// the leftmost one. Escapes and bracket expressions live in `AwkRegexParser+Escapes.swift`
/// and `+BracketExpressions.swift`.
struct AwkRegexParser {
  typealias Syntax = AwkRegexSyntax
  typealias Note = AwkRegexTranslator.Note

  let source: [UInt8]
  var position = 0
  var notes: [Note] = []

  /// An open group (or the top level, `frames[0]`): its finished branches and the items
  /// of the branch being read.
  struct Frame {
    var offset: Int
    var branches: [Syntax.Concatenation] = []
    var barOffsets: [Int] = []
    var items: [Syntax.Item] = []
  }
  var frames = [Frame(offset: 0)]

  init(source: [UInt8]) { self.source = source }

  /// Parses `source`, the bytes between the slashes of `/REGEX/`.
  ///
  /// - Throws: `Note` naming the offset of the first construct that is not awk syntax.
  static func parse(_ source: [UInt8]) throws(Note) -> (syntax: Syntax, notes: [Note]) {
    var parser = AwkRegexParser(source: source)
    var syntax = Syntax(root: try parser.run())
    // `($)+$`: no '$' is quantified or doubled where the parser sees it, but the branch
    // passes two, which original-awk never matches; one note unless one was given.
    let endNoted = parser.notes.contains { $0.message.contains("'$") }
    if !endNoted, let offset = syntax.branchesPassingTwoEnds().first {
      parser.notes.append(
        .init(
          offset: offset,
          message:
            "'$' twice on one path is not portable: original-awk never matches it, gawk and mawk (and banners) read one '$'; write '$' once"
        ))
    }
    syntax.markUnmatchableEndRuns()
    return (syntax, parser.notes)
  }

  var items: [Syntax.Item] {
    get { frames[frames.count - 1].items }
    set { frames[frames.count - 1].items = newValue }
  }

  mutating func append(_ kind: Syntax.Kind, at offset: Int) {
    frames[frames.count - 1].items.append(.init(kind: kind, offset: offset))
  }

  mutating func run() throws(Note) -> Syntax.Alternation {
    while position < source.count {
      let start = position
      let byte = source[position]
      switch byte {
      case UInt8(ascii: "\\"):
        let byte = try escape(insideBracket: false)
        noteEscapedOperator(byte, from: start)
        append(.literal(byte), at: start)
      case UInt8(ascii: "["):
        append(.bracket(try bracketExpression()), at: start)
      case UInt8(ascii: "("):
        if peek(1) == UInt8(ascii: "?") {
          throw error(at: start, "'(?' is PCRE syntax, not awk: awk groups are plain (...)")
        }
        frames.append(Frame(offset: start))
        position += 1
      case UInt8(ascii: ")"):
        position += 1
        guard frames.count > 1 else {
          // gawk, mawk and original-awk all read an unmatched ')' as itself.
          append(.literal(byte), at: start)
          notes.append(
            .init(offset: start, message: "unmatched ')' matches itself; write \\) to say so"))
          continue
        }
        noteEmptyAlternative(at: start)
        let group = closeBranches(of: frames.removeLast())
        append(.group(group.alternation, closeOffset: start), at: group.offset)
      case UInt8(ascii: "|"):
        noteEmptyAlternative(at: start)
        frames[frames.count - 1].branches.append(.init(items: items))
        frames[frames.count - 1].barOffsets.append(start)
        items = []
        position += 1
      case UInt8(ascii: "^"):
        append(.start, at: start)
        position += 1
      case UInt8(ascii: "$"):
        if items.last?.kind == .end { noteRepeatedEnd(at: start) }
        append(.end, at: start)
        position += 1
      case UInt8(ascii: "."):
        append(.any, at: start)
        position += 1
      case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
        try quantifier(byte, at: start)
      case UInt8(ascii: "{"):
        if canRepeat, let interval = try intervalAt(start) {
          noteQuantifiedEnd(at: start)
          try applyQuantifier(interval.quantifier)
          position += interval.length
          notes.append(
            .init(
              offset: start, message: "interval '{...}' is not portable: mawk reads it literally")
          )
        } else {
          if canRepeat { noteOpenLowerBound(at: start) }
          append(.literal(byte), at: start)
          position += 1
        }
      default:
        append(.literal(byte), at: start)
        position += 1
      }
    }
    if frames.count > 1 {
      throw error(at: frames[frames.count - 1].offset, "unmatched '(': close the group with ')'")
    }
    if !source.isEmpty { noteEmptyAlternative(at: source.count) }
    return closeBranches(of: frames[0]).alternation
  }

  func closeBranches(of frame: Frame) -> (alternation: Syntax.Alternation, offset: Int) {
    let alternation = Syntax.Alternation(
      branches: frame.branches + [.init(items: frame.items)], barOffsets: frame.barOffsets)
    return (alternation, frame.offset)
  }

  /// `(a|)`, `a|` and `()`: gawk and PCRE2 read an empty alternative as matching the
  /// empty string; mawk and original-awk reject the regex.
  mutating func noteEmptyAlternative(at offset: Int) {
    guard items.isEmpty else { return }
    notes.append(
      .init(
        offset: offset,
        message: "empty alternative is not portable: mawk and original-awk reject it"))
  }

  // MARK: Corners the three awks read differently (issue 12)

  /// `$*`, `$+`, `$?`, `$$`: the three awks disagree (docs/awk-semantics.md).
  mutating func noteQuantifiedEnd(at offset: Int) {
    guard case .end = items.last?.kind else { return }
    notes.append(
      .init(
        offset: offset,
        message:
          "a quantified '$' is not portable: gawk, mawk and original-awk disagree on what it matches (docs/awk-semantics.md); write '$' once, unquantified"
      ))
  }

  mutating func noteRepeatedEnd(at offset: Int) {
    notes.append(
      .init(
        offset: offset,
        message:
          "'$$' is not portable: gawk and mawk read it as one '$' (banners follows them), original-awk never matches; write '$' once"
      ))
  }

  /// `a{,2}`: gawk 5.2 reads an interval {0,2}; mawk and original-awk a literal brace.
  mutating func noteOpenLowerBound(at offset: Int) {
    var index = offset + 1
    guard index < source.count, source[index] == UInt8(ascii: ",") else { return }
    index += 1
    let digits = index
    while index < source.count, digitValue(source[index], radix: 10) != nil { index += 1 }
    guard index > digits, index < source.count, source[index] == UInt8(ascii: "}") else { return }
    notes.append(
      .init(
        offset: offset,
        message:
          "'{,n}' is not portable: gawk 5.2 reads it as the interval {0,n}, mawk and original-awk (and banners) as literal text; write {0,n} for the interval or \\{ for the text"
      ))
  }

  /// `\56`, `\x2e`, `\174`: gawk reads the byte an escape spells as that operator.
  mutating func noteEscapedOperator(_ byte: UInt8, from offset: Int) {
    guard
      source[offset + 1] == UInt8(ascii: "x") || digitValue(source[offset + 1], radix: 8) != nil,
      Self.operatorBytes.contains(byte)
    else { return }
    let spelled = String(decoding: source[offset..<position], as: UTF8.self)
    notes.append(
      .init(
        offset: offset,
        message:
          "'\(spelled)' is not portable: gawk reads it as the operator '\(Character(Unicode.Scalar(byte)))', mawk and original-awk (and banners) as that literal byte; write \\\(Character(Unicode.Scalar(byte))) for the byte"
      ))
  }

  static let operatorBytes = Set(".[]()*+?{}|^$\\".utf8)

  // MARK: Quantifiers

  /// True when the last item can take a quantifier: not at the start of a branch, not
  /// right after `^`.
  var canRepeat: Bool {
    guard let last = items.last else { return false }
    return last.kind != .start
  }

  mutating func quantifier(_ byte: UInt8, at start: Int) throws(Note) {
    let symbol = Character(Unicode.Scalar(byte))
    if items.last?.kind == .start && byte == UInt8(ascii: "?") {
      // `^?`: mawk and original-awk make the anchor optional; gawk reads a literal '?'.
      notes.append(
        .init(
          offset: start,
          message:
            "'?' after '^' is not portable: mawk and original-awk make the anchor optional (banners follows them), gawk reads a literal '?'; drop the '^?' or write \\?"
        ))
      try applyQuantifier(.init(form: .question, min: 0, max: 1, offset: start))
      position += 1
      return
    }
    guard canRepeat else {
      guard items.last?.kind == .start else {
        throw error(
          at: start,
          "'\(symbol)' has nothing to repeat (mawk and original-awk reject this); write \\\(symbol) for a literal '\(symbol)'"
        )
      }
      // `^*`, `^+`: gawk reads the symbol literally, original-awk repeats the anchor,
      // mawk rejects the regex; no majority, so banners keeps gawk's reading.
      append(.literal(byte), at: start)
      position += 1
      notes.append(
        .init(
          offset: start,
          message:
            "'\(symbol)' after '^' is not portable: gawk reads a literal '\(symbol)' (banners follows it), original-awk a repeated anchor, and mawk rejects it; write \\\(symbol)"
        ))
      return
    }
    noteQuantifiedEnd(at: start)
    if case .repeated = items.last?.kind, byte != UInt8(ascii: "*") {
      let what = byte == UInt8(ascii: "?") ? "lazy" : "possessive"
      throw error(
        at: start,
        "'\(Character(Unicode.Scalar(source[start - 1])))\(symbol)' is a PCRE \(what) quantifier, not awk; write (x*)? or (x+)+ if you mean it"
      )
    }
    let form: Syntax.Quantifier.Form
    switch byte {
    case UInt8(ascii: "*"): form = .star
    case UInt8(ascii: "+"): form = .plus
    default: form = .question
    }
    let (low, high) = form == .plus ? (1, nil) : (0, form == .star ? nil : 1)
    try applyQuantifier(.init(form: form, min: low, max: high, offset: start))
    position += 1
  }

  /// Quantifies the last item. awk allows stacked quantifiers (`a+*` is `(a+)*`).
  mutating func applyQuantifier(_ quantifier: Syntax.Quantifier) throws(Note) {
    guard let last = items.popLast() else { return }
    items.append(.init(kind: .repeated(last, quantifier), offset: last.offset))
  }

  /// An ERE interval at `start` (`{n}`, `{n,}`, `{n,m}`) and its length in the source;
  /// nil when the brace does not open an interval (awk then reads it literally).
  func intervalAt(_ start: Int) throws(Note) -> (quantifier: Syntax.Quantifier, length: Int)? {
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
    guard index < source.count, source[index] == UInt8(ascii: "}"), let low else { return nil }
    if let high, high < low {
      throw error(at: start, "interval {\(low),\(high)} has its bounds the wrong way round")
    }
    guard max(low, high ?? 0) <= 65535 else {
      throw error(at: start, "interval bound above 65535")
    }
    let quantifier = Syntax.Quantifier(
      form: .interval(hasComma: hasComma), min: low, max: hasComma ? high : low, offset: start)
    return (quantifier, index + 1 - start)
  }

  func peek(_ ahead: Int) -> UInt8? {
    position + ahead < source.count ? source[position + ahead] : nil
  }

  func error(at offset: Int, _ message: String) -> Note {
    .init(offset: offset, message: message)
  }
}
