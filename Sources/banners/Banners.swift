import ArgumentParser
import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `banners`: classify server banners with ordered awk-format rule lists, the way
/// D. J. Bernstein's 1997 and 1998 SMTP surveys did, and analyse what the rules do.
@main
struct Banners: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "banners",
    abstract:
      "Classify server banners with ordered first-match rule lists (awk format, PCRE2 engine).",
    discussion: """
      A rule list is a file of awk patterns, one a line, first match wins:

        /Sorry, you are not authorized to make this connection/ Raptor proxy
        /Sendmail/ sendmail
        /Complaints.bugs to/ MMDF

      A corpus is JSON Lines, one probed target a line (as `banners record` writes),
      or plain text, one banner a line with \\r \\n \\t \\\\ escaped.

      Start with:
        banners classify --tally rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl

      Exit status: 0 ok, 1 a check found something, 2 usage or input error.
      """,
    version: "0.1.0",
    subcommands: [
      Classify.self, Report.self, Lint.self, Test.self, Diff.self, Merge.self, Record.self,
      ExportAwk.self, GenerateCorpus.self, GenerateRules.self, Import.self, Convert.self,
    ]
  )

  /// Every subcommand names itself (`commandName:`): without it ArgumentParser derives
  /// the name from the type's with `String(describing:)`, a dynamic cast that scanned
  /// the protocol conformances at every start-up (~7% of a one-line `classify`).
  static var subcommandNames: [String] {
    configuration.subcommands.map { $0._commandName } + ["help"]
  }

  static func main() {
    // A closed stdout pipe (`banners classify ... | head`) must end the run quietly;
    // StandardOutput turns EPIPE into a clean exit, so the signal must not kill us first.
    signal(SIGPIPE, SIG_IGN)
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let typo = CommandSuggestion.unknownCommand(in: arguments, known: subcommandNames) {
      StandardError.write("banners: error: \(typo)\n")
      Glibc.exit(2)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
      StandardOutput.shared.flush()
    } catch {
      StandardOutput.shared.flush()
      let code = exitCode(for: error)
      // Help and version (our own text, to stdout) and a bare exit status as usual.
      guard code != .success, !(error is ExitCode) else { exit(withError: error) }
      // Anything else is a message that may quote an argument: it goes through
      // StandardError, whose funnel escapes controls.
      let message = fullMessage(for: error)
      if !message.isEmpty { StandardError.write(message + "\n") }
      // design.md: usage errors exit 2, not ArgumentParser's EX_USAGE (64).
      Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
    }
  }
}
