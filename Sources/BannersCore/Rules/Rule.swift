/// One line of a rule file: `/REGEX/ LABEL # comment`.
///
///     /Complaints.bugs to/ MMDF
///     /Duhmail..Black Hole v/ sendmail # *.sid.ncr.doe.ca
public struct Rule: Sendable, Hashable {
  /// Where the rule starts: its line, and the column of its opening `/`.
  public var location: SourceLocation
  /// The bytes between the slashes, exactly as written (`\/` still escaped).
  public var regexSource: [UInt8]
  /// The software name this rule stands for, e.g. `PC/TCP SMTPSRV`.
  public var label: String
  /// The trailing comment without its `#`, if any.
  public var comment: String?
  /// The equivalent PCRE2 pattern and its map back to `regexSource`.
  public var translation: AwkRegexTranslator.Translation

  /// The regex as text, for display: `Mercury 1\... SMTP server ready`.
  public var regexText: String { String(decoding: regexSource, as: UTF8.self) }

  /// `file:line`, how outputs name a rule.
  public var reference: String { "\(location.file):\(location.line)" }

  /// `//`: matches every banner, so every rule after it is unreachable.
  public var isCatchAll: Bool { regexSource.isEmpty }

  /// Column of the first regex byte (just after the opening `/`).
  var regexColumn: Int { location.column + 1 }

  public init(
    location: SourceLocation, regexSource: [UInt8], label: String, comment: String? = nil,
    translation: AwkRegexTranslator.Translation
  ) {
    self.location = location
    self.regexSource = regexSource
    self.label = label
    self.comment = comment
    self.translation = translation
  }
}
