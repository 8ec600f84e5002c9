import ArgumentParser
import BannersCore

/// Prints an input error's diagnostics to stderr and exits with status 2, the
/// "usage or input error" status of design.md.
func exitWithInputError(_ error: InputError) -> ExitCode {
  for diagnostic in error.diagnostics {
    StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
  }
  return ExitCode(2)
}

/// Loads a rule list for a command, or prints its errors and gives status 2.
func loadRules(_ path: String) throws -> RuleList {
  do {
    return try RuleList(contentsOf: path)
  } catch {
    throw exitWithInputError(error)
  }
}
