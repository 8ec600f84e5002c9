import ArgumentParser
import BannersCore

extension LintCheck: ExpressibleByArgument {}
extension LintPrinter.Format: ExpressibleByArgument {}

extension Banners {
  /// `banners lint RULES...`: what a rule list can do to any banner, checked before a
  /// survey is published, with no corpus at all.
  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint",
      abstract: "Check rule lists the way a compiler checks code: errors, warnings, proofs.",
      discussion: """
        Each list is checked on its own: syntax and portability, rules that can never
        be the first match (with the earlier rules responsible), rules with different
        labels that can match one banner, regexes whose backtracking blows up, the same
        regex twice, regexes too general to name one software, stray whitespace, and
        labels spelled two ways. The 1998 post, damaged by its anonymiser, has the
        rule '/ v/ Post.Office' ("post.office" was cut from the regex), and lint says
        why a reviewer would stop there (lines wrapped here):

          $ banners lint damaged.rules
          damaged.rules:2:2: warning: matches any banner containing ' v': about 2
            bytes of text cannot name one software; make the regex longer [too-general]
          damaged.rules:2:2: warning: leading space, and the regex names nothing of
            its label 'Post.Office': was text before the space lost? [whitespace]

        Silence a check where it is meant with a comment on the rule's line or the
        line before, e.g. '# banners: disable=too-general', or everywhere with
        --disable. Checks: \(LintCheck.allCases.map(\.rawValue).joined(separator: ", ")).

        --witnesses writes one banner per reachable rule, a corpus that `banners
        classify` reads and `banners test` can pin a list's behaviour with.

        Exit status: 0 no error (with --strict: no warning either), 1 something was
        found, 2 a file could not be read (the others are still checked) or usage error.
        """
    )

    @Argument(
      help: ArgumentHelp("Rule lists in the awk format of the posts.", valueName: "rules"))
    var rules: [String]

    @Option(help: ArgumentHelp("How to print the findings.", valueName: "format"))
    var format: LintPrinter.Format = .text

    @Option(
      help: ArgumentHelp(
        "Do not run this check (repeatable).", valueName: "check"))
    var disable: [LintCheck] = []

    @Flag(help: "Exit 1 on warnings too, not only on errors.")
    var strict = false

    @Flag(help: "List every pair of rules whose order decides a label (default: a count).")
    var pairs = false

    @Option(
      help: ArgumentHelp(
        "Write a banner for every reachable rule to this file, as a JSON Lines corpus.",
        valueName: "corpus"))
    var witnesses: String?

    @Option(
      help: ArgumentHelp(
        "DFA state budget per question; beyond it the answer is 'undecided' (a note).",
        valueName: "n"))
    var maxStates = LanguageChecks.Options().maxStates

    func validate() throws {
      guard maxStates >= 1 else { throw ValidationError("--max-states must be at least 1") }
    }

    func run() throws {
      let linter = Linter(
        options: .init(
          disabled: Set(disable), listPairs: pairs,
          language: .init(maxStates: maxStates)))
      var results: [LintResult] = []
      var unreadable = 0
      for path in rules {
        do {
          results.append(
            linter.lint(
              source: try FileBytes.read(path, limit: FileBytes.ruleFileLimit), file: path))
        } catch {
          unreadable += 1
          // As every command names a rule file it cannot read (InputError, line 0).
          StandardError.write(
            "\(TerminalSafe.escapeControls(path)): error: cannot read rule file: \(error)\n")
        }
      }
      if let witnesses {
        var text = ""
        for result in results {
          text += WitnessCorpus.lines(
            result.witnesses, numberedFrom: text.utf8.count(where: { $0 == 0x0A }))
        }
        do {
          try FileBytes.replace(witnesses, with: Array(text.utf8))
        } catch {
          StandardError.write(
            "banners: error: cannot write \(TerminalSafe.escapeControls(witnesses)): \(error)\n")
          throw ExitCode(2)
        }
        let count = results.reduce(0) { $0 + $1.witnesses.count }
        StandardError.write(
          "banners: wrote \(count) witness banner(s) to \(TerminalSafe.escapeControls(witnesses))\n"
        )
      }
      let output = StandardOutput.shared
      output.write(
        LintPrinter.render(
          results, unreadable: unreadable, format: format,
          toolVersion: Banners.configuration.version))
      output.flush()
      if unreadable > 0 { throw ExitCode(2) }
      let found = results.contains {
        $0.count(.error) > 0 || (strict && $0.count(.warning) > 0)
      }
      if found { throw ExitCode(1) }
    }
  }
}
