/// One rule of a foreign rule base, as it comes out of `banners import`: the awk regex
/// and label it became, or why it could not.
public struct ImportedRule: Sendable {
  public enum Status: Sendable, Equatable {
    /// Same answer as the source on every banner.
    case exact
    /// Kept with `--approximate`: matches a superset of the source's banners (or carries
    /// a label with a capture left out); the reasons go in its comment.
    case approximated([String])
    /// Left out, with the reasons.
    case dropped([String])
  }

  /// Where the source rule is (`nmap-service-probes:1234:21`, `smtp_banners.xml:27`).
  public var location: SourceLocation
  public var label: String
  /// The awk regex, `/` escaped; empty when dropped.
  public var regex: [UInt8]
  public var status: Status
  /// Extra words for the comment, e.g. "softmatch".
  public var note: String?

  /// The rule line in the awk format, or nil when dropped:
  ///
  ///     /^220[\t-\r -][^\n]*ESMTP Postfix/ smtp Postfix smtpd # nmap-service-probes:2412
  public var ruleLine: String? {
    var comment = "\(location.file):\(location.line)"
    if let note { comment += " \(note)" }
    switch status {
    case .dropped: return nil
    case .exact: break
    case .approximated(let reasons):
      comment += " approximated: " + reasons.joined(separator: "; ")
    }
    let regexText = String(decoding: regex, as: UTF8.self)
    return "/\(regexText)/ \(Self.quotedIfNeeded(label)) # \(Self.oneLine(comment))"
  }

  /// A label as the rule parser reads it back: in double quotes (with `\` escapes) when
  /// it holds a `#` or a quote, bare otherwise.
  static func quotedIfNeeded(_ label: String) -> String {
    guard label.contains("#") || label.contains("\"") || label.contains("\\") else { return label }
    var quoted = "\""
    for character in label {
      if character == "\"" || character == "\\" { quoted.append("\\") }
      quoted.append(character)
    }
    return quoted + "\""
  }

  /// Whitespace runs (newlines included) as one space, control bytes dropped, trimmed:
  /// labels and comments must stay on one line.
  static func oneLine(_ text: String) -> String {
    var out = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if scalar.value < 0x20 || scalar.value == 0x7F { continue }
      if pendingSpace { out.append(" ") }
      pendingSpace = false
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}

/// The rules of one import, with what happened to each, in the source's order.
public struct RuleImport: Sendable {
  public var rules: [ImportedRule] = []
  /// One warning per reason a rule was dropped or approximated, at the source rule.
  public var diagnostics: [Diagnostic] = []

  public init() {}

  public var exactCount: Int { rules.count { $0.status == .exact } }
  public var approximatedCount: Int {
    rules.count {
      if case .approximated = $0.status { return true }
      return false
    }
  }
  public var droppedCount: Int {
    rules.count {
      if case .dropped = $0.status { return true }
      return false
    }
  }

  /// `12 translated exactly, 3 approximated, 5 dropped`.
  public var countsText: String {
    "\(exactCount) translated exactly, \(approximatedCount) approximated, \(droppedCount) dropped"
  }

  /// The rule list: header comments, then one rule a line in the source's order.
  public func ruleListText(header: [String]) -> String {
    var text = header.map { "# " + ImportedRule.oneLine($0) + "\n" }.joined()
    text += "# \(countsText)\n"
    for rule in rules {
      if let line = rule.ruleLine { text += line + "\n" }
    }
    return text
  }

  /// Translates one source rule and records it.
  ///
  /// - Parameters:
  ///   - problems: what else keeps the rule from being exact (a capture in the
  ///     label, an unknown flag).
  ///   - approximate: keep approximable rules (with a comment) instead of dropping them.
  public mutating func add(
    pattern: [UInt8], flavor: ForeignRegex.Flavor, flags: ForeignRegex.Flags,
    location: SourceLocation, label: String, problems: [ForeignRegex.Obstacle] = [],
    note: String? = nil, approximate: Bool
  ) {
    let parsed = ForeignRegex.parse(pattern, flavor: flavor, flags: flags)
    let (awk, writeObstacles) = parsed.awkRegex()
    var obstacles = parsed.obstacles + writeObstacles
    obstacles += problems
    var rule = ImportedRule(
      location: location, label: ImportedRule.oneLine(label), regex: awk, status: .exact,
      note: note)
    if rule.label.isEmpty {
      obstacles.append(
        ForeignRegex.Obstacle(offset: 0, reason: "no label in the source", approximable: false))
    }
    // Belt and braces: what we write must load as a rule; if not, it is our bug, and the
    // rule is dropped rather than written broken.
    if obstacles.allSatisfy(\.approximable), let line = rule.ruleLine {
      do throws(InputError) {
        _ = try RuleList(source: Array(line.utf8), file: location.file)
      } catch {
        obstacles.append(
          ForeignRegex.Obstacle(
            offset: 0,
            reason: "the translation does not load (a bug in banners import): "
              + (error.diagnostics.first?.message ?? ""),
            approximable: false))
      }
    }
    if !obstacles.isEmpty {
      let reasons = obstacles.map(\.reason)
      let keep = approximate && obstacles.allSatisfy(\.approximable)
      rule.status = keep ? .approximated(reasons) : .dropped(reasons)
      if !keep { rule.regex = [] }
      for obstacle in obstacles {
        var at = location
        if location.column > 0 { at.column = location.column + obstacle.offset }
        let verb = keep ? "approximated" : "dropped"
        let hint = !keep && obstacle.approximable ? " (--approximate keeps it)" : ""
        diagnostics.append(
          Diagnostic(.warning, at: at, "\(verb): \(obstacle.reason)\(hint)"))
      }
    }
    rules.append(rule)
  }
}
