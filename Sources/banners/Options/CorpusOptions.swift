import ArgumentParser
import BannersCore

extension CorpusFormat: ExpressibleByArgument {}

/// How to read the corpora named on the command line; shared by every command that
/// reads corpora.
struct CorpusOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "Corpus files: JSON Lines or plain text; '-' reads stdin.", valueName: "corpus"))
  var corpora: [String] = []

  @Option(name: .customLong("input-format"), help: "How the corpora are written.")
  var inputFormat: CorpusFormat = .auto

  @Flag(help: "Count, report and skip malformed corpus lines instead of stopping at the first.")
  var skipBad = false

  func validate() throws {
    guard !corpora.isEmpty else {
      throw ValidationError("name at least one corpus file, or '-' to read standard input")
    }
    guard corpora.filter({ $0 == "-" }).count <= 1 else {
      throw ValidationError("standard input ('-') can be read only once")
    }
  }

  /// Opens every corpus once before any work starts, so a typo in the last of several
  /// names is an error at once, not after the others have been read (status 2, every
  /// unreadable file named).
  func checkReadable() throws {
    var errors: [Diagnostic] = []
    for path in corpora where path != "-" {
      do throws(InputError) {
        try CorpusReader.checkReadable(path: path)
      } catch {
        errors += error.diagnostics
      }
    }
    if !errors.isEmpty { throw exitWithInputError(InputError(errors)) }
  }
}

/// Limits on regex work per banner; shared by the commands that match.
struct MatchOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "PCRE2 backtracking limit per rule and banner; past it a DFA matcher decides.",
      valueName: "steps"))
  var matchLimit: UInt32 = MatchLimits.default.matchLimit

  /// Turns off the DFA matcher that decides when backtracking hits the limit, so a
  /// limit hit is undecided at once: for tests of that path, hence hidden.
  @Flag(name: .customLong("no-dfa-fallback"), help: .hidden)
  var noDFAFallback = false

  var limits: MatchLimits {
    var limits = MatchLimits.default
    limits.matchLimit = matchLimit
    if noDFAFallback { limits.dfaWorkspaceLimit = 0 }
    return limits
  }
}

/// How many cores to use; shared by the commands that scan corpora.
struct ParallelOptions: ParsableArguments {
  @Option(
    name: [.customShort("j"), .long],
    help: ArgumentHelp(
      "Worker threads for parsing and matching (default: all cores). Output order never changes.",
      valueName: "n"))
  var jobs: Int?

  var workers: Int { jobs ?? ParallelCorpusScan.availableCores }

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }
}
