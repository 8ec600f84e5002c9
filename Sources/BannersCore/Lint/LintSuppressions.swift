/// The `# banners: disable=CHECK[,CHECK]` comments of a rule file: each silences the
/// named checks on its own line (a rule's trailing comment) and on the next line (a
/// comment line of its own above the rule).
///
///     # banners: disable=too-general
///     /Sendmail/ sendmail
///     /SMTP/ unknown # banners: disable=too-general,overlap
struct LintSuppressions {
  /// Line number -> checks silenced there.
  private(set) var disabled: [Int: Set<LintCheck>] = [:]
  /// Names in disable comments that are no check: reported, so a typo is not silent.
  private(set) var diagnostics: [Diagnostic] = []

  static let marker = Array("banners: disable=".utf8)

  /// Reads the disable comments of `lines` (the file's lines, without line ends).
  /// `comments` gives each rule line's trailing comment, found by the parser, so that
  /// a `#` inside a regex (`/unimplemented..#5.5.1/`) is never read as one.
  init(lines: [[UInt8]], ruleComments: [Int: String], file: String) {
    for (index, line) in lines.enumerated() {
      let number = index + 1
      let comment: (text: [UInt8], column: Int)
      if let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
        line[first] == UInt8(ascii: "#")
      {
        comment = (Array(line[(first + 1)...]), first + 2)
      } else if let text = ruleComments[number] {
        let bytes = Array(text.utf8)
        let column = Self.find(bytes, in: line).map { $0 + 1 } ?? 1
        comment = (bytes, column)
      } else {
        continue
      }
      guard let start = Self.find(Self.marker, in: comment.text) else { continue }
      let names = comment.text[(start + Self.marker.count)...]
        .prefix { $0 != 0x20 && $0 != 0x09 }
        .split(separator: UInt8(ascii: ","))
      var checks: Set<LintCheck> = []
      for name in names {
        let text = String(decoding: name, as: UTF8.self)
        // `name` is a slice of `comment.text`: its start index is its offset there.
        let column = comment.column + name.startIndex
        if let check = LintCheck(rawValue: text) {
          checks.insert(check)
        } else {
          diagnostics.append(
            Diagnostic(
              .warning,
              at: SourceLocation(file: file, line: number, column: column),
              "unknown check '\(TerminalSafe.escape(text))' in a disable comment; checks are: \(LintCheck.allCases.map(\.rawValue).joined(separator: ", "))",
              check: .syntax))
        }
      }
      let ownLine = ruleComments[number] != nil
      disabled[number, default: []].formUnion(checks)
      if !ownLine { disabled[number + 1, default: []].formUnion(checks) }
    }
  }

  /// True when `diagnostic`'s check is silenced on its line.
  func silences(_ diagnostic: Diagnostic) -> Bool {
    guard let check = diagnostic.check else { return false }
    return disabled[diagnostic.location.line]?.contains(check) ?? false
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }
}
