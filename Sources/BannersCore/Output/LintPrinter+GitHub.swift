// GitHub Actions workflow commands: a step that prints them gets annotations on the
// rule file's lines in the pull request.
extension LintPrinter {
  /// One workflow command a diagnostic:
  ///
  ///     ::warning file=rules/x.rules,line=3,col=2,title=banners lint [too-general]::matches ...
  ///
  /// A note becomes `::notice`. The message is escaped as the runner reads it (`%` as
  /// `%25`, CR `%0D`, LF `%0A`), properties also `:` `%3A` and `,` `%2C`; a witness or
  /// attack follows the message on a line of its own, escaped for a terminal first.
  public static func github(_ results: [LintResult]) -> String {
    var out = ""
    for result in results {
      for diagnostic in result.diagnostics {
        let command =
          switch diagnostic.severity {
          case .error: "error"
          case .warning: "warning"
          case .note: "notice"
          }
        var properties = ["file=" + escapeProperty(diagnostic.location.file)]
        if diagnostic.location.line > 0 {
          properties.append("line=\(diagnostic.location.line)")
          if diagnostic.location.column > 0 {
            properties.append("col=\(diagnostic.location.column)")
          }
        }
        let title = "banners lint" + (diagnostic.check.map { " [\($0.rawValue)]" } ?? "")
        properties.append("title=" + escapeProperty(title))
        var message = TerminalSafe.escapeControls(diagnostic.message)
        if let witness = diagnostic.witness {
          message += "\nwitness: " + TerminalSafe.escape(witness, limit: 200)
        }
        if let attack = diagnostic.attack {
          message += "\nattack: " + TerminalSafe.escape(attack, limit: 200)
        }
        out += "::\(command) " + properties.joined(separator: ",") + "::" + escapeData(message)
        out += "\n"
      }
    }
    return out
  }

  /// A workflow command's message: `%`, CR and LF are the runner's syntax.
  public static func escapeData(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case "\r\n": out += "%0D%0A"
      default: out.append(character)
      }
    }
    return out
  }

  /// A workflow command's property value: also `:` and `,`, which end a property.
  public static func escapeProperty(_ text: String) -> String {
    var out = ""
    for character in escapeData(text) {
      switch character {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.append(character)
      }
    }
    return out
  }
}
