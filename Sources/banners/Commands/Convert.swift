import ArgumentParser
import BannersCore

extension CorpusConverter.Target: ExpressibleByArgument {}

extension Banners {
  /// `banners convert CORPUS... --to jsonl|text`: any corpus format as the project's.
  struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "convert",
      abstract: "Rewrite corpora (zgrab2, masscan...) as JSON Lines or text.",
      discussion: """
        Reads the project's JSON Lines and plain text, zgrab2's smtp module output and
        masscan's -oJ / -oL banner records (recognised by their first line, or named
        with --input-format), and writes one corpus on stdout:

          zgrab2 smtp --send-help -f hosts.txt -o zgrab2-smtp.json
          banners convert zgrab2-smtp.json --to jsonl > survey.jsonl
          banners convert masscan.list --to text > banners.txt

        --to text writes one banner a line (\\r \\n \\t \\\\ escaped), the form the
        program of `banners export-awk` reads; failed connections are left out and
        counted. Counts go to stderr, with the number of banners holding U+FFFD
        (zgrab2 replaces bytes that are not UTF-8 with it).
        """
    )

    @OptionGroup var corpus: CorpusOptions

    @Option(help: "The corpus format to write.")
    var to: CorpusConverter.Target = .jsonl

    func run() throws {
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let output = StandardOutput.shared
      var converter = CorpusConverter(target: to) { output.write(bytes: $0 + [0x0A]) }
      let console = ScanConsole(flushesOutput: true, reportsReplacementCharacters: false)
      let summary = try console.run { (watching) throws(InputError) in
        try CorpusScan(corpus.request(workers: 1, stop: interrupts.stop))
          .run(&converter, observer: watching)
      }
      output.flush()
      StandardError.write(
        "banners: \(converter.summary(replacementCharacters: summary.replacementCharacters))\n")
      try interrupts.exitIfInterrupted(records: summary.records)
    }
  }
}
