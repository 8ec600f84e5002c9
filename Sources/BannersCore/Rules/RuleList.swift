/// An ordered, compiled rule list: the rules of one file, first match wins.
///
///     let rules = try RuleList(contentsOf: "rules/smtp-1998.rules")
///     let matcher = RuleMatcher(rules)
///     matcher.verdict(for: Array("220 mail.example.net ESMTP Sendmail 8.8.8/8.8.8\r\n".utf8))
///     // .matched(rule: 86), the rule `/Sendmail/ sendmail`
///
/// Immutable and `Sendable`: share one list between workers, give each worker its own
/// `RuleMatcher`.
public final class RuleList: Sendable {
  /// The file the rules came from, as named on the command line.
  public let file: String
  public let rules: [Rule]
  /// Compiled patterns, parallel to `rules`.
  let patterns: [PCRE2Pattern]
  /// The one-pass literal prefilter over all rules.
  let prefilter: Prefilter
  /// Portability warnings found while loading (errors are thrown instead).
  public let warnings: [Diagnostic]

  /// The label a banner gets when no rule matches it, as in the posts' tables.
  public static let residueLabel = "not sure"

  /// Parses and compiles `source`, the contents of `file`.
  ///
  /// - Throws: `InputError` with every error of the file, each naming `file:line:column`.
  public init(source: [UInt8], file: String) throws(InputError) {
    let (parsed, diagnostics) = RuleParser.parse(source, file: file)
    var errors = diagnostics.filter { $0.severity == .error }
    var patterns: [PCRE2Pattern] = []
    for rule in parsed {
      do {
        patterns.append(try PCRE2Pattern(rule.translation.pattern, options: .awk))
      } catch {
        let offset = rule.translation.sourceOffset(forPatternOffset: error.offset ?? 0)
        var location = rule.location
        location.column = rule.regexColumn + offset
        errors.append(Diagnostic(.error, at: location, "regex does not compile: \(error.message)"))
      }
    }
    guard errors.isEmpty else {
      throw InputError(
        errors.sorted {
          ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        })
    }
    self.file = file
    self.rules = parsed
    self.patterns = patterns
    self.prefilter = Prefilter(translations: parsed.map(\.translation))
    self.warnings = diagnostics.filter { $0.severity != .error }
  }

  /// Reads and compiles the rule file at `path`.
  public convenience init(contentsOf path: String) throws(InputError) {
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path, limit: FileBytes.ruleFileLimit)
    } catch {
      throw InputError(SourceLocation(file: path, line: 0), "cannot read rule file: \(error)")
    }
    try self.init(source: bytes, file: path)
  }

  /// The label of a verdict: the rule's label, `not sure` for residue.
  public func label(of verdict: Verdict) -> String {
    switch verdict {
    case .matched(let rule): rules[rule].label
    case .residue: Self.residueLabel
    case .undecided: Verdict.undecidedLabel
    }
  }
}

extension PCRE2Options {
  /// awk semantics on PCRE2; see `AwkRegexTranslator`.
  static let awk: PCRE2Options = [.dotAll, .dollarEndOnly, .noAutoCapture, .neverUTF]
}
