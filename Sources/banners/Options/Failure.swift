import ArgumentParser
import BannersCore

/// Prints an input error's diagnostics to stderr and exits with status 2, the
/// "usage or input error" status (0 ok, 1 a check found something, 2 usage or input).
func exitWithInputError(_ error: InputError) -> ExitCode {
  for diagnostic in error.diagnostics {
    StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
  }
  return ExitCode(2)
}

/// Loads a rule list for a command, or prints its errors and gives status 2.
///
/// Portability warnings (a construct the three awks read differently, such as `a{2}`
/// or `\y`) go to stderr, compiler-style, and the run goes on: the rule means what the
/// README's semantics table says, but the same file under another awk would not.
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
