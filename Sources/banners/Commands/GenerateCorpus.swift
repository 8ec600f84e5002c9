import ArgumentParser
import BannersCore

extension Banners {
  /// `banners generate-corpus`: a reproducible synthetic corpus for measurements (hidden).
  struct GenerateCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "generate-corpus",
      abstract: "Write a reproducible synthetic SMTP corpus (JSON Lines) for measurements.",
      discussion: """
        The same --seed and --records give the same bytes on every machine. Besides
        banners the posts' lists know, it plants ambiguous banners (Sendmail and
        Complaints/bugs to) and residue families (Postfix, Kerio, ZyWALL) that
        `banners report` must find; the counts of each go to stderr:

          banners generate-corpus --records 1000000 > /tmp/synthetic-1m.jsonl
        """,
      shouldDisplay: false
    )

    @Option(help: "Records to write.")
    var records = 100_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1998

    func run() throws {
      var corpus = SyntheticCorpus(seed: seed)
      let output = StandardOutput.shared
      for _ in 0..<max(records, 0) { output.write(corpus.nextLine() + "\n") }
      output.flush()
      let counts = corpus.counts
      StandardError.write(
        "banners: \(counts.records) records: \(counts.failures) failures, \(counts.ambiguous) ambiguous, "
          + "\(counts.postfix) postfix, \(counts.kerio) kerio, \(counts.zywall) zywall, \(counts.oneOff) one-off\n"
      )
    }
  }
}
