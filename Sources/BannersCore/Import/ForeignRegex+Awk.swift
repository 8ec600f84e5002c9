// Writing a parsed Perl/Ruby regex as an awk regex (the project's rule syntax) with the
// same answer to "does it match" on every banner.
//
// | Perl/Ruby                    | awk written                  | why it is exact                 |
// |------------------------------|------------------------------|---------------------------------|
// | `\d \s \w`, negations, `[..]`| a bracket of the same bytes  | byte sets, C locale             |
// | `.` (no DOTALL)              | `[^\n]`                      | awk's `.` matches `\n` too      |
// | `.` with DOTALL              | `.`                          |                                 |
// | `(?:...)`, `(...)`           | `(...)` (only where needed)  | captures do not change a match  |
// | `*? +? ?? {n,m}?` (lazy)     | greedy                       | which match, not whether        |
// | `i` flag                     | `[aA]`, folded brackets      | ASCII folding, no UTF           |
// | `\r \n \t \xHH \0 \cX`       | the byte (`\r`, `\ooo`)      |                                 |
// | `{n}` `{n,m}` (small)        | the atom repeated, `x?`      | no interval: mawk reads none    |
// | `^` `\A` at the start        | `^`                          |                                 |
// | line `^` at the start        | `(^|\n)`                     | the `\n` is before the match    |
// | `\z` at the end              | `$`                          |                                 |
// | Perl `$`, `\Z` at the end    | `(\n)?$`                     | end, or before a final `\n`     |
// | line `$` at the end          | `(\n|$)`                     | end, or before any `\n`         |
// | `(a|)`                       | `(a)?`                       | awks differ on empty branches   |
//
// An anchor anywhere else would need look-around, so it is an obstacle.

extension ForeignRegex {
  /// The awk regex (the bytes between the slashes of `/REGEX/`, `/` escaped), and the
  /// obstacles met while writing it (anchors in the middle of the pattern), in addition
  /// to `obstacles`.
  public func awkRegex() -> (source: [UInt8], obstacles: [Obstacle]) {
    var writer = AwkWriter()
    let written = writer.write(root, leading: true, trailing: true)
    return (written.text, writer.obstacles)
  }
}

/// Most items repeated inline rather than with an interval `{n,m}` (which mawk reads
/// as literal text); past it the interval is written and `lint` warns.
private let inlineRepetitionLimit = 96

private struct AwkWriter {
  var obstacles: [ForeignRegex.Obstacle] = []

  enum Shape {
    /// Matches only the empty string (nothing written).
    case empty
    /// One item a quantifier can follow: a byte, a bracket, a parenthesized group.
    case atom
    /// Items in a row, or a quantified item.
    case sequence
    /// `a|b` not yet in parentheses.
    case alternation
  }

  struct Written {
    var text: [UInt8]
    var shape: Shape
    static let empty = Written(text: [], shape: .empty)
  }

  mutating func write(_ node: ForeignRegex.Node, leading: Bool, trailing: Bool) -> Written {
    switch node {
    case .bytes(let set):
      return Written(text: AwkWriter.bracket(set), shape: .atom)
    case .group(let body, _):
      return write(body, leading: leading, trailing: trailing)
    case .sequence(let items):
      var parts: [Written] = []
      for (index, item) in items.enumerated() {
        let itemLeading = leading && items[..<index].allSatisfy(\.isStartAnchor)
        let itemTrailing = trailing && items[(index + 1)...].allSatisfy(\.isEndAnchor)
        let part = write(item, leading: itemLeading, trailing: itemTrailing)
        if part.shape != .empty { parts.append(part) }
      }
      if parts.isEmpty { return .empty }
      if parts.count == 1 { return parts[0] }
      var text: [UInt8] = []
      for part in parts {
        text += part.shape == .alternation ? parenthesized(part.text) : part.text
      }
      return Written(text: text, shape: .sequence)
    case .alternation(let branches):
      let written = branches.map { write($0, leading: leading, trailing: trailing) }
      let nonEmpty = written.filter { $0.shape != .empty }
      if nonEmpty.isEmpty { return .empty }
      var text: [UInt8] = []
      for (index, branch) in nonEmpty.enumerated() {
        if index > 0 { text.append(UInt8(ascii: "|")) }
        text += branch.text
      }
      if nonEmpty.count < written.count {
        // An empty branch: gawk reads `(a|)`, mawk and original-awk reject it; `(a)?` is
        // the same language in every awk.
        let atom = nonEmpty.count == 1 && nonEmpty[0].shape == .atom ? text : parenthesized(text)
        return Written(text: atom + [UInt8(ascii: "?")], shape: .sequence)
      }
      return Written(text: text, shape: nonEmpty.count == 1 ? nonEmpty[0].shape : .alternation)
    case .repetition(let body, let min, let max):
      if max == nil, case .repetition(let innerBody, let innerMin, nil) = body.withoutGroups,
        innerMin <= 1
      {
        // `(.+)*` is `.*` and `(a+)+` is `a+`: the same banners, without the nested loop
        // that makes a backtracking engine give up (Recog's NAVIEG fingerprint).
        return write(
          .repetition(innerBody, min: min == 0 || innerMin == 0 ? 0 : 1, max: nil),
          leading: leading, trailing: trailing)
      }
      // Only an optional item keeps its place at the start or end of the pattern.
      let keep = max == 1
      let inner = write(body, leading: leading && keep, trailing: trailing && keep)
      if inner.shape == .empty || max == 0 { return .empty }
      let atom = inner.shape == .atom ? inner.text : parenthesized(inner.text)
      return repeated(atom, min: min, max: max)
    case .anchor(let anchor):
      return write(anchor, leading: leading, trailing: trailing)
    }
  }

  mutating func write(_ anchor: ForeignRegex.Anchor, leading: Bool, trailing: Bool) -> Written {
    let text: String
    switch anchor {
    case .textStart where leading: text = "^"
    case .lineStart where leading: text = "(^|\\n)"
    case .textEnd where trailing: text = "$"
    case .textEndOrFinalNewline where trailing: text = "(\\n)?$"
    case .lineEnd where trailing: text = "(\\n|$)"
    default:
      let name =
        switch anchor {
        case .textStart, .lineStart: "'^'"
        case .textEnd, .textEndOrFinalNewline, .lineEnd: "'$'"
        }
      obstacles.append(
        ForeignRegex.Obstacle(
          offset: 0,
          reason:
            "anchor \(name) inside the pattern needs look-around in awk (approximated by leaving it out)",
          approximable: true))
      return .empty
    }
    return Written(text: Array(text.utf8), shape: text.count == 1 ? .sequence : .atom)
  }

  func repeated(_ atom: [UInt8], min: Int, max: Int?) -> Written {
    func suffix(_ text: String) -> Written {
      Written(text: atom + Array(text.utf8), shape: .sequence)
    }
    switch (min, max) {
    case (0, nil): return suffix("*")
    case (1, nil): return suffix("+")
    case (0, 1): return suffix("?")
    case (1, 1): return Written(text: atom, shape: .atom)
    default: break
    }
    let copies = (max ?? min + 1)
    guard copies * atom.count <= inlineRepetitionLimit else {
      let bounds = max.map { $0 == min ? "{\(min)}" : "{\(min),\($0)}" } ?? "{\(min),}"
      return suffix(bounds)
    }
    var text: [UInt8] = []
    for _ in 0..<min { text += atom }
    if let max {
      for _ in min..<max { text += atom + [UInt8(ascii: "?")] }
    } else {
      text += atom + [UInt8(ascii: "*")]
    }
    return Written(text: text, shape: .sequence)
  }

  func parenthesized(_ text: [UInt8]) -> [UInt8] {
    [UInt8(ascii: "(")] + text + [UInt8(ascii: ")")]
  }

  // MARK: Bytes

  /// The shortest awk text for "one byte of `set`".
  static func bracket(_ set: ByteSet) -> [UInt8] {
    if set == .all { return [UInt8(ascii: ".")] }
    if set.isEmpty { return Array("[^\\000-\\377]".utf8) }
    if set.count == 1 { return literal(set.bytes[0]) }
    let positive = set.ranges
    let negative = set.inverted.ranges
    let useNegative = negative.count < positive.count
    var text: [UInt8] = [UInt8(ascii: "[")]
    if useNegative { text.append(UInt8(ascii: "^")) }
    for range in useNegative ? negative : positive {
      text += classByte(range.lowerBound)
      if range.upperBound == range.lowerBound { continue }
      if range.upperBound > range.lowerBound + 1 { text.append(UInt8(ascii: "-")) }
      text += classByte(range.upperBound)
    }
    text.append(UInt8(ascii: "]"))
    return text
  }

  /// A byte outside brackets.
  static func literal(_ byte: UInt8) -> [UInt8] {
    if Array(#".[]()*+?{}|^$\/"#.utf8).contains(byte) { return [UInt8(ascii: "\\"), byte] }
    return plainOrEscaped(byte)
  }

  /// A byte inside brackets.
  static func classByte(_ byte: UInt8) -> [UInt8] {
    if Array(#"[]\^-/"#.utf8).contains(byte) { return [UInt8(ascii: "\\"), byte] }
    return plainOrEscaped(byte)
  }

  static func plainOrEscaped(_ byte: UInt8) -> [UInt8] {
    switch byte {
    case 0x09: return Array("\\t".utf8)
    case 0x0A: return Array("\\n".utf8)
    case 0x0D: return Array("\\r".utf8)
    case 0x20...0x7E: return [byte]
    default:
      // Three octal digits always, so a digit after it is never read as part of it.
      let digits = String(byte, radix: 8)
      return Array(("\\" + String(repeating: "0", count: 3 - digits.count) + digits).utf8)
    }
  }
}

extension ForeignRegex.Node {
  /// The node inside any number of group parentheses.
  fileprivate var withoutGroups: ForeignRegex.Node {
    if case .group(let body, _) = self { return body.withoutGroups }
    return self
  }

  fileprivate var isStartAnchor: Bool {
    switch self {
    case .anchor(.textStart), .anchor(.lineStart): true
    case .group(let body, _): body.isStartAnchor
    case .sequence(let items): items.allSatisfy(\.isStartAnchor)
    default: false
    }
  }

  fileprivate var isEndAnchor: Bool {
    switch self {
    case .anchor(.textEnd), .anchor(.textEndOrFinalNewline), .anchor(.lineEnd): true
    case .group(let body, _): body.isEndAnchor
    case .sequence(let items): items.allSatisfy(\.isEndAnchor)
    default: false
    }
  }
}
