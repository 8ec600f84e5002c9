import ArgumentParser
import BannersCore

extension Banners {
  /// `banners merge PART...`: the tables of shards, added up.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add up the tallies of several runs into the tables of one run over them all.",
      usage: "banners merge [--json] <part> ...",
      discussion: """
        A survey split over machines (banners record --shard I/N) gives one corpus per
        machine. Tally each where it lies, bring back only the tallies, and merge
        them: the tables are those that one classify --tally over every record prints,
        byte for byte.

          banners classify --tally --json rules/smtp-1998.rules shard-1.jsonl > 1.json
          banners classify --tally --json rules/smtp-1998.rules shard-2.jsonl > 2.json
          banners merge 1.json 2.json

        A part may hold several outputs one after another (as Spark's RDD.pipe
        collects them; bench/spark/tally.py): each output's rows end with its
        summary. A summary that does not match its rows (a cut file) is an error,
        status 2, and nothing is printed.
        """
    )

    @Argument(
      help: ArgumentHelp(
        "Outputs of 'classify --tally --json'; '-' reads stdin.", valueName: "part"))
    var parts: [String] = []

    @Flag(help: "JSON Lines, as 'classify --tally --json' prints them (so merges merge).")
    var json = false

    func validate() throws {
      guard !parts.isEmpty else {
        throw ValidationError("name at least one output of 'classify --tally --json'")
      }
    }

    func run() throws {
      var merge = TallyMerge()
      var failed = false
      for part in parts {
        do throws(InputError) {
          let bytes: [UInt8]
          do {
            bytes = try FileBytes.read(part, limit: FileBytes.tallyLimit)
          } catch {
            throw InputError(
              SourceLocation(file: part, line: 0), "cannot read: \(error)", kind: .unreadable)
          }
          try merge.add(jsonLines: bytes, file: part == "-" ? "<stdin>" : part)
        } catch {
          printDiagnostics(error)
          failed = true
        }
      }
      // A partial sum would look like a whole survey: print nothing.
      if failed { throw ExitCode(2) }
      let output = StandardOutput.shared
      output.write(json ? TallyPrinter.jsonLines(merge.tally) : TallyPrinter.text(merge.tally))
      output.flush()
    }
  }
}
