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
    guard corpora.filter({ $0 == "-" }).count <= 1 else {
      throw ValidationError("standard input ('-') can be read only once")
    }
  }

  /// Called by each command's `validate()`, after its own hints for arguments in the
  /// wrong order, so those come first.
  func requireCorpora() throws {
    guard !corpora.isEmpty else {
      throw ValidationError("name at least one corpus file, or '-' to read standard input")
    }
  }

  /// The scan of these corpora with `workers` threads, stopped by `stop`.
  func request(workers: Int = 1, stop: StopSignal) -> ScanRequest {
    ScanRequest(
      corpora: corpora, format: inputFormat, skipBad: skipBad, workers: workers, stop: stop)
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
      "PCRE2 backtracking limit per rule and banner, 1 to 4294967295; past it a DFA matcher decides.",
      valueName: "steps"))
  var matchLimit = Int(MatchLimits.default.matchLimit)

  /// Turns off the DFA matcher that decides when backtracking hits the limit, so a
  /// limit hit is undecided at once: for tests of that path, hence hidden.
  @Flag(name: .customLong("no-dfa-fallback"), help: .hidden)
  var noDFAFallback = false

  var limits: MatchLimits {
    var limits = MatchLimits.default
    limits.matchLimit = UInt32(matchLimit)
    if noDFAFallback { limits.dfaWorkspaceLimit = 0 }
    return limits
  }

  func validate() throws {
    guard (1...Int(UInt32.max)).contains(matchLimit) else {
      throw ValidationError(
        "--match-limit must be from 1 to \(UInt32.max) (PCRE2 counts in 32 bits); got \(matchLimit)"
      )
    }
  }
}

/// How many cores to use; shared by the commands that scan corpora.
struct ParallelOptions: ParsableArguments {
  @Option(
    name: [.customShort("j"), .long],
    help: ArgumentHelp(
      "Worker threads for parsing and matching (default and most: the cores there are). Output order never changes.",
      valueName: "n"))
  var jobs: Int?

  var workers: Int { jobs ?? ScanRequest.availableCores }

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }
}
