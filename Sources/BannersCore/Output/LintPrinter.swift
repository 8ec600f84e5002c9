/// Renders `banners lint`'s findings: compiler-style text, JSON Lines, GitHub Actions
/// annotations (`LintPrinter+GitHub.swift`) or SARIF 2.1.0 (`LintPrinter+SARIF.swift`).
public enum LintPrinter {
  /// The output formats of `lint --format`.
  public enum Format: String, CaseIterable, Sendable {
    case text
    case json
    case github
    case sarif
  }

  /// The whole output for `results` (one per file linted, in command-line order);
  /// `unreadable` counts the files that could not be read.
  public static func render(
    _ results: [LintResult], unreadable: Int, format: Format, toolVersion: String
  ) -> String {
    switch format {
    case .text: text(results, unreadable: unreadable)
    case .json: jsonLines(results, unreadable: unreadable)
    case .github: github(results)
    case .sarif: sarif(results, toolVersion: toolVersion)
    }
  }

  // MARK: text

  /// Compiler style, one block a diagnostic, then the count:
  ///
  ///     rules/damaged.rules:3:2: warning: matches any banner containing ' v': ... [too-general]
  ///     / v/ Post.Office
  ///      ^
  ///       witness: 220 mail.example.net  v\r\n
  ///
  ///     0 errors, 2 warnings, 0 notes
  ///
  /// The rule's line (`ruleLine`), witnesses and attacks (`TerminalSafe`) are escaped:
  /// a rule file may hold any byte, and a witness is made of them.
  public static func text(_ results: [LintResult], unreadable: Int) -> String {
    var out = ""
    for result in results {
      for diagnostic in result.diagnostics {
        out += TerminalSafe.escapeControls(diagnostic.description) + "\n"
        let line = diagnostic.location.line
        if line > 0, line <= result.lines.count {
          let bytes = result.lines[line - 1]
          out += ruleLine(bytes) + "\n"
          if diagnostic.location.column > 0 {
            let before = bytes.prefix(diagnostic.location.column - 1)
            let width = ruleLine(before).count
            out += String(repeating: " ", count: width) + "^\n"
          }
        }
        if !diagnostic.coveredBy.isEmpty, diagnostic.check != .duplicate,
          diagnostic.check != .similarLabel
        {
          out += "  covered by: line"
          out += diagnostic.coveredBy.count == 1 ? " " : "s "
          out += diagnostic.coveredBy.map(String.init).joined(separator: ", ") + "\n"
        }
        if let witness = diagnostic.witness {
          out += "  witness: " + TerminalSafe.escape(witness, limit: 200) + "\n"
        }
        if let attack = diagnostic.attack {
          out += "  attack: " + TerminalSafe.escape(attack, limit: 200) + "\n"
        }
      }
    }
    if !out.isEmpty { out += "\n" }
    return out + summaryLine(results, unreadable: unreadable) + "\n"
  }

  /// A rule file's line made safe for a terminal but still readable as the rule:
  /// printable ASCII as written (a backslash stays one, so `/Mercury 1\.../` reads as
  /// in the file), every other byte as `\xHH` (a tab as `\t`).
  static func ruleLine<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out = ""
    for byte in bytes {
      switch byte {
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
      case 0x09: out += "\\t"
      default: out += TerminalSafe.escape([byte])
      }
    }
    return out
  }

  /// `2 errors, 3 warnings, 1 note`, and the unreadable files when there are any.
  public static func summaryLine(_ results: [LintResult], unreadable: Int) -> String {
    func counted(_ count: Int, _ noun: String) -> String {
      "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
    var parts = [
      counted(results.reduce(0) { $0 + $1.count(.error) }, "error"),
      counted(results.reduce(0) { $0 + $1.count(.warning) }, "warning"),
      counted(results.reduce(0) { $0 + $1.count(.note) }, "note"),
    ]
    if unreadable > 0 { parts.append(counted(unreadable, "unreadable file")) }
    return parts.joined(separator: ", ")
  }

  // MARK: JSON Lines

  /// One `{"type":"diagnostic",...}` object a line, then `{"type":"summary",...}`:
  ///
  ///     {"type":"diagnostic","file":"r.rules","line":3,"column":2,"rule":"r.rules:3","severity":"warning","check":"too-general","message":"...","witness":"220 ...\r\n"}
  ///     {"type":"summary","files":1,"unreadable":0,"errors":0,"warnings":1,"notes":0,"witnesses":0}
  ///
  /// `covered_by`, `witness` (or `witness_b64`) and `attack` (or `attack_b64`) appear
  /// where they apply. `line` and `column` are 0 for a finding about the whole file,
  /// which has no `rule` member.
  public static func jsonLines(_ results: [LintResult], unreadable: Int) -> String {
    var out = ""
    for result in results {
      for diagnostic in result.diagnostics {
        out += jsonObject(diagnostic) + "\n"
      }
    }
    let members = [
      "\"type\":\"summary\"",
      "\"files\":\(results.count)",
      "\"unreadable\":\(unreadable)",
      "\"errors\":\(results.reduce(0) { $0 + $1.count(.error) })",
      "\"warnings\":\(results.reduce(0) { $0 + $1.count(.warning) })",
      "\"notes\":\(results.reduce(0) { $0 + $1.count(.note) })",
      "\"witnesses\":\(results.reduce(0) { $0 + $1.witnesses.count })",
    ]
    return out + "{" + members.joined(separator: ",") + "}\n"
  }

  static func jsonObject(_ diagnostic: Diagnostic) -> String {
    let location = diagnostic.location
    var members = [
      "\"type\":\"diagnostic\"",
      "\"file\":\(JSONText.quote(location.file))",
      "\"line\":\(location.line)",
      "\"column\":\(location.column)",

      "\"severity\":\"\(diagnostic.severity.rawValue)\"",
      "\"check\":\(diagnostic.check.map { JSONText.quote($0.rawValue) } ?? "null")",
      "\"message\":\(JSONText.quote(diagnostic.message))",
    ]
    // The vocabulary's name for a rule: "file:line", as classify and report write it.
    if location.line > 0 {
      members.insert("\"rule\":\(JSONText.quote("\(location.file):\(location.line)"))", at: 4)
    }
    if !diagnostic.coveredBy.isEmpty {
      members.append(
        "\"covered_by\":[" + diagnostic.coveredBy.map(String.init).joined(separator: ",") + "]")
    }
    if let witness = diagnostic.witness {
      members.append(JSONText.bannerMember(witness, name: "witness"))
    }
    if let attack = diagnostic.attack {
      members.append(JSONText.bannerMember(attack, name: "attack"))
    }
    return "{" + members.joined(separator: ",") + "}"
  }
}
