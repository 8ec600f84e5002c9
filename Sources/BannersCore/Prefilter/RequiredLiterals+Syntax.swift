// Required literals read from the awk syntax tree, the tree the PCRE2 pattern and the
// automata come from (issue 8's architecture): no second parser of PCRE2 text. The
// rules are those of the text reader, item for item, and a test holds the two to the
// same answers on the shipped lists and on random regexes.
extension RequiredLiterals {
  /// `choices(fromTranslatedPattern:)`, from the regex's syntax tree.
  static func choices(from syntax: AwkRegexSyntax) -> [[[UInt8]]] {
    let root = syntax.root
    let choices =
      root.branches.count == 1
      ? sequence(root.branches[0]) : alternation(root).map { [$0] } ?? []
    return choices.filter { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }
  }

  /// `extract(fromTranslatedPattern:)`, from the regex's syntax tree.
  static func extract(from syntax: AwkRegexSyntax) -> [[UInt8]]? {
    longest(of: choices(from: syntax))
  }

  /// Every branch must supply a literal, or none is required.
  private static func alternation(_ alternation: AwkRegexSyntax.Alternation) -> [[UInt8]]? {
    var alternatives: [[UInt8]] = []
    for branch in alternation.branches {
      guard let literals = longest(of: sequence(branch)) else { return nil }
      alternatives += literals
    }
    return alternatives
  }

  private enum Atom {
    case byte(UInt8)
    /// A group (or what PCRE2 reads as one) and its literals, if it requires any.
    case group([[UInt8]]?)
    case anchor
    case other
  }

  /// Each maximal run of required bytes, and each required group's alternatives.
  private static func sequence(_ concatenation: AwkRegexSyntax.Concatenation) -> [[[UInt8]]] {
    var run: [UInt8] = []
    var choices: [[[UInt8]]] = []
    func endRun() {
      if !run.isEmpty { choices.append([run]) }
      run = []
    }
    for item in concatenation.items {
      let (atom, required, repeats) = describe(item)
      switch atom {
      case .byte(let value) where required:
        run.append(value)
        if repeats { endRun() }  // `a+`: one `a` is certain, what follows is not adjacent
      case .group(let literals) where required:
        endRun()
        if let literals, !literals.isEmpty { choices.append(literals) }
      case .anchor:
        continue  // zero-width: `^ab` still requires "ab" contiguously
      default:
        endRun()  // `.`, a class, `$`, or anything optional
      }
    }
    endRun()
    return choices
  }

  /// The item as the emitted pattern shows it: `$` is `(?:$)`, a quantified `^` is
  /// `(?:^)`, a quantifier under another is in `(?:...)`.
  private static func describe(_ item: AwkRegexSyntax.Item) -> (
    atom: Atom, required: Bool, repeats: Bool
  ) {
    switch item.kind {
    case .literal(let byte): return (.byte(byte), true, false)
    case .any, .bracket: return (.other, true, false)
    case .start: return (.anchor, true, false)
    case .end: return (.group(nil), true, false)
    case .group(let inner, _): return (.group(alternation(inner)), true, false)
    case .repeated(let inner, let quantifier):
      let required = quantifier.min >= 1
      let repeats = quantifier.max.map { $0 > 1 } ?? true
      switch inner.kind {
      case .literal(let byte): return (.byte(byte), required, repeats)
      case .any, .bracket: return (.other, required, repeats)
      case .start, .end: return (.group(nil), required, repeats)
      case .group(let alternationInside, _):
        return (.group(alternation(alternationInside)), required, repeats)
      case .repeated:
        let wrapped = AwkRegexSyntax.Alternation(branches: [.init(items: [inner])])
        return (.group(alternation(wrapped)), required, repeats)
      }
    }
  }
}
