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
  /// The one-pass literal prefilter over all rules: made when a matcher first needs it
  /// (a list too large for the DFA, a banner the DFA gives up on, or the `.prefiltered`
  /// strategy), since building it is about a tenth of a short run's start-up.
  var prefilter: Prefilter { madePrefilter.value }
  private let madePrefilter: MadeOnFirstUse<Prefilter>
  /// All the rules as one NFA for the matcher's lazy DFA; nil for a list too large for
  /// it (`RuleSetAutomaton.nfaStateBudget`), which the prefilter and PCRE2 match.
  let automaton: RuleSetAutomaton?
  /// Lazy DFAs over `automaton` that no matcher holds now. Here, not in the automaton,
  /// which each DFA holds: a pool the DFAs could reach would never be freed.
  let idleDFAs = RuleSetDFAPool()
  /// Portability warnings found while loading (errors are thrown instead).
  public let warnings: [Diagnostic]

  /// The label a banner gets when no rule matches it, as in the posts' tables.
  public static let residueLabel = "not sure"

  /// Parses and compiles `source`, the contents of `file`.
  ///
  /// - Throws: `InputError` with every error of the file, each naming `file:line:column`.
  public convenience init(source: [UInt8], file: String) throws(InputError) {
    let (parsed, diagnostics) = RuleParser.parse(source, file: file)
    try self.init(rules: parsed, diagnostics: diagnostics, source: source, file: file)
  }

  /// Compiles rules already parsed (lint's checks get rules, not text), with the
  /// parser's `diagnostics`: its errors are thrown, its warnings kept. `source`, when
  /// known, lets the errors say what the file looks like.
  init(
    rules parsed: [Rule], diagnostics: [Diagnostic] = [], source: [UInt8] = [], file: String
  ) throws(InputError) {
    var errors = diagnostics.filter { $0.severity == .error }
    var patterns: [PCRE2Pattern] = []
    for rule in parsed {
      let compiled = Self.compile(rule)
      if let pattern = compiled.pattern { patterns.append(pattern) }
      if let error = compiled.error { errors.append(error) }
    }
    guard errors.isEmpty else {
      throw InputError(Self.shown(errors, source: source, file: file))
    }
    self.file = file
    self.rules = parsed
    self.patterns = patterns
    let translations = parsed.map(\.translation)
    self.madePrefilter = MadeOnFirstUse { Prefilter(translations: translations) }
    self.automaton = RuleSetAutomaton(translations: translations)
    self.warnings = diagnostics.filter { $0.severity != .error }
  }

  /// Compiles one parsed rule, or names the column where PCRE2 gave up (a `syntax`
  /// error: the awk regex translated, but PCRE2 cannot compile it).
  static func compile(_ rule: Rule) -> (pattern: PCRE2Pattern?, error: Diagnostic?) {
    do {
      return (try PCRE2Pattern(rule.translation.pattern, options: .awk), nil)
    } catch {
      let offset = rule.translation.sourceOffset(forPatternOffset: error.offset ?? 0)
      var location = rule.location
      location.column = rule.regexColumn + offset
      return (
        nil,
        Diagnostic(
          .error, at: location, "regex does not compile: \(error.message)", check: .syntax)
      )
    }
  }

  /// Errors to show, sorted by position: all of them for a rule file with a few
  /// mistakes; for a file that is mostly errors (a corpus given where the rules go), the
  /// first few and a note saying what the file looks like.
  static func shown(_ errors: [Diagnostic], source: [UInt8], file: String) -> [Diagnostic] {
    let sorted = errors.sorted {
      ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
    }
    let limit = 10
    guard sorted.count > limit else { return sorted }
    let firstByte = source.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    let looksLike =
      firstByte == UInt8(ascii: "{")
      ? "it looks like a JSON Lines corpus: the rule list comes first, then the corpora"
      : "is it a rule list? each rule is /REGEX/ LABEL"
    return Array(sorted.prefix(limit)) + [
      Diagnostic(
        .note, at: SourceLocation(file: file, line: 0),
        "\(sorted.count - limit) more errors not shown; \(looksLike)")
    ]
  }

  /// Reads and compiles the rule file at `path`.
  public convenience init(contentsOf path: String) throws(InputError) {
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path, limit: FileBytes.ruleFileLimit)
    } catch {
      throw InputError(
        SourceLocation(file: path, line: 0), "cannot read rule file: \(error)",
        kind: .unreadable)
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
