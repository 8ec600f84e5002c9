import ArgumentParser
import BannersCore

extension Banners {
  /// `banners export-awk RULES`: the rule list as a standalone awk program.
  struct ExportAwk: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export-awk",
      abstract: "Print an awk program that classifies like the rule list.",
      discussion: """
        The program reads the plain-text corpus form (one banner a line, \\r \\n \\t \\\\
        escaped), unescapes each line into the banner, tries the rules in order and
        prints one label a line: the same labels `banners classify` gives. Run it in
        the C locale, so that awk sees bytes:

          banners export-awk rules/smtp-1998.rules > classify.awk
          LC_ALL=C gawk -f classify.awk banners.txt

        The test suite runs such programs through gawk, mawk and original-awk as the
        oracle for banners' awk semantics.
        """
    )

    @Argument(
      help: ArgumentHelp("The rule list, in the awk format of the posts.", valueName: "rules"))
    var rules: String

    func run() throws {
      let ruleList = try loadRules(rules)
      StandardOutput.shared.write(AwkProgram(ruleList).text)
    }
  }
}
