import ArgumentParser
import BannersCore

extension Banners {
  /// `banners generate-rules`: the benchmark's long rule lists, to a file (hidden).
  struct GenerateRules: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "generate-rules",
      abstract: "Write a rule list padded with generated rules, as the benchmark builds it.",
      discussion: """
        Writes RULES, then rules generated in the benchmark's five shapes (SyntheticRules)
        up to --total rules: the same list `banners-bench --lint --rule-counts N` times,
        byte for byte, so lint's cost on it can be measured with the CLI:

          banners generate-rules --total 10000 rules/smtp-1998.rules > /tmp/lint-10000.rules
          banners lint /tmp/lint-10000.rules
        """,
      shouldDisplay: false
    )

    @Option(help: "Rules in the list written (RULES' own included).")
    var total = 10_000

    @Argument(help: "The rule file the generated rules follow.")
    var rules: String

    func run() throws {
      let base: [UInt8]
      do {
        base = try FileBytes.read(rules, limit: FileBytes.ruleFileLimit)
      } catch {
        StandardError.write("banners: error: \(rules): \(error)\n")
        throw ExitCode(2)
      }
      let output = StandardOutput.shared
      output.write(bytes: SyntheticRules.list(appendedTo: base, total: total))
      output.flush()
    }
  }
}
