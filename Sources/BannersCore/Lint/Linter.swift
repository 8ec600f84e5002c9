/// `banners lint`'s core: every check of issue 8 on one rule file, on its own.
///
///     let result = Linter(options: .init()).lint(source: bytes, file: "rules/smtp-1998.rules")
///     result.diagnostics    // sorted by line, column, check
///     result.witnesses      // one banner per reachable rule
///
/// Syntax errors leave their rule out and the other checks go on with the rest, so a
/// file is fixed in one pass.
public struct Linter: Sendable {
  public struct Options: Sendable {
    /// Checks not run (`--disable`).
    public var disabled: Set<LintCheck>
    /// List every order-sensitive pair (`--pairs`); by default one note counts them.
    public var listPairs: Bool
    /// Passed to the automata (`--max-states`).
    public var language: LanguageChecks.Options

    public init(
      disabled: Set<LintCheck> = [], listPairs: Bool = false,
      language: LanguageChecks.Options = .init()
    ) {
      self.disabled = disabled
      self.listPairs = listPairs
      self.language = language
    }
  }

  public var options: Options
  /// The automata checks; tests put canned findings here (`Linter+Testing.swift`).
  let languageChecks: @Sendable ([Rule], LanguageChecks.Options) -> LanguageChecks.Result

  public init(options: Options = .init()) {
    self.options = options
    self.languageChecks = { LanguageChecks.run($0, options: $1) }
  }

  /// Lints `source`, the contents of `file`.
  public func lint(source: [UInt8], file: String) -> LintResult {
    let lines = Self.lines(of: source)
    let (parsed, parseDiagnostics) = RuleParser.parse(source, file: file)
    var diagnostics = parseDiagnostics
    var rules: [Rule] = []
    var patterns: [PCRE2Pattern?] = []
    for rule in parsed {
      let compiled = RuleList.compile(rule)
      if let error = compiled.error {
        diagnostics.append(error)
        continue
      }
      rules.append(rule)
      patterns.append(compiled.pattern)
    }
    let disabled = options.disabled
    let enabled = { (check: LintCheck) in !disabled.contains(check) }
    if enabled(.duplicate) { diagnostics += RuleChecks.duplicates(rules) }
    if enabled(.tooGeneral) { diagnostics += RuleChecks.tooGeneral(rules, patterns: patterns) }
    if enabled(.whitespace) { diagnostics += RuleChecks.whitespace(rules) }
    if enabled(.similarLabel) { diagnostics += RuleChecks.similarLabels(rules, lines: lines) }

    let language = languageChecks(rules, options.language)
    // A duplicate is the plainer explanation of the same unreachable rule.
    let duplicated = Set(diagnostics.filter { $0.check == .duplicate }.map(\.location.line))
    diagnostics += language.diagnostics.filter {
      !($0.check == .unreachable && duplicated.contains($0.location.line))
    }

    var ruleComments: [Int: String] = [:]
    for rule in parsed { ruleComments[rule.location.line] = rule.comment }
    let suppressions = LintSuppressions(lines: lines, ruleComments: ruleComments, file: file)
    diagnostics += suppressions.diagnostics
    diagnostics.removeAll { diagnostic in
      diagnostic.check.map { options.disabled.contains($0) } ?? false
        || suppressions.silences(diagnostic)
    }
    if !options.listPairs {
      let pairs = diagnostics.count { $0.check == .overlap && $0.location.line > 0 }
      diagnostics.removeAll { $0.check == .overlap }
      if pairs > 0 {
        diagnostics.append(
          Diagnostic(
            .note, at: SourceLocation(file: file, line: 0),
            "\(pairs) pair\(pairs == 1 ? "" : "s") of rules with different labels can match one banner (the earlier wins, so their order decides its label); --pairs lists them",
            check: .overlap))
      }
    }
    diagnostics.sort(by: Self.ordered)
    let witnesses = language.witnesses.map {
      LintResult.Witness(rule: rules[$0.rule], banner: $0.banner)
    }
    return LintResult(
      file: file, lines: lines, diagnostics: diagnostics, witnesses: witnesses)
  }

  /// By position, then check, then message: a stable order for golden files.
  static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
    let left = (lhs.location.line, lhs.location.column)
    let right = (rhs.location.line, rhs.location.column)
    if left != right { return left < right }
    if lhs.check != rhs.check {
      guard let l = lhs.check else { return true }
      guard let r = rhs.check else { return false }
      return l < r
    }
    return lhs.message < rhs.message
  }

  /// The file's lines without their `\n` or `\r\n`, as the parser numbers them.
  static func lines(of source: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = 0
    while start < source.count {
      var end = source[start...].firstIndex(of: 0x0A) ?? source.count
      let next = end + 1
      if end > start, source[end - 1] == 0x0D { end -= 1 }
      lines.append(Array(source[start..<end]))
      start = next
    }
    return lines
  }
}

/// What lint found in one file.
public struct LintResult: Sendable {
  /// A banner that `rule` wins against every earlier rule.
  public struct Witness: Sendable, Hashable {
    public var rule: Rule
    public var banner: [UInt8]

    public init(rule: Rule, banner: [UInt8]) {
      self.rule = rule
      self.banner = banner
    }
  }

  public var file: String
  /// The file's lines, to show a diagnostic's line under it.
  public var lines: [[UInt8]]
  public var diagnostics: [Diagnostic]
  public var witnesses: [Witness]

  public init(file: String, lines: [[UInt8]], diagnostics: [Diagnostic], witnesses: [Witness]) {
    self.file = file
    self.lines = lines
    self.diagnostics = diagnostics
    self.witnesses = witnesses
  }

  public func count(_ severity: Diagnostic.Severity) -> Int {
    diagnostics.count { $0.severity == severity }
  }
}
