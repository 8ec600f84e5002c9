import ArgumentParser
import BannersCore

/// Prints diagnostics to stderr, compiler-style, each line made terminal-safe.
func printDiagnostics(_ error: InputError) {
  for diagnostic in error.diagnostics {
    StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
  }
}

/// Prints an input error's diagnostics to stderr and gives status 2, the "usage or
/// input error" status.
func exitWithInputError(_ error: InputError) -> ExitCode {
  printDiagnostics(error)
  return ExitCode(2)
}

/// Loads a rule list for a command, or prints its errors and gives status 2.
///
/// Portability warnings (a construct the three awks read differently, such as `a{2}`
/// or `\y`) go to stderr, compiler-style, and the run goes on: the rule means what
/// docs/awk-semantics.md says, but the same file under another awk would not.
func loadRules(_ path: String) throws -> RuleList {
  let rules: RuleList
  do {
    rules = try RuleList(contentsOf: path)
  } catch {
    throw exitWithInputError(error)
  }
  for warning in rules.warnings {
    StandardError.write(TerminalSafe.escapeControls(warning.description) + "\n")
  }
  return rules
}

/// Ends a run whose rules gave up on some banners: each kept case on stderr with its
/// rule and record, then the count, and status 2. Never "not sure".
func failIfUndecided(_ undecided: UndecidedVerdicts) throws {
  guard undecided.count > 0 else { return }
  for item in undecided.cases {
    StandardError.write(
      TerminalSafe.escapeControls(
        "\(item.rule.location): error: rule /\(TerminalSafe.escape(item.rule.regexSource))/ gave up on record \(item.example.origin): \(item.reason)"
      ) + "\n")
  }
  let more = undecided.count - undecided.cases.count
  if more > 0 { StandardError.write("banners: ... and \(more) more\n") }
  StandardError.write(
    "banners: error: \(undecided.count) banner(s) undecided: a rule hit a PCRE2 limit; they are tallied as undecided, not \"not sure\" (raise --match-limit or fix the rule)\n"
  )
  throw ExitCode(2)
}
