import ArgumentParser
import BannersCore

extension Banners {
  /// `banners merge PART...`: the tables or reports of shards, added up.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge",
      abstract:
        "Add up the tallies or reports of several runs into the output of one run over them all.",
      usage: "banners merge [--json] [--partial] [--html <file.html>] <part> ...",
      discussion: """
        A survey split over machines (banners record --shard I/N) gives one corpus per
        machine. Tally each where it lies, bring back only the tallies, and merge
        them: the tables are those that one classify --tally over every record prints,
        byte for byte.

          banners classify --tally --json rules/smtp-1998.rules shard-1.jsonl > 1.json
          banners classify --tally --json rules/smtp-1998.rules shard-2.jsonl > 2.json
          banners merge 1.json 2.json

        Reports merge in two rounds, the two passes of report: the partials of the
        shards (report --partial), merged with --partial, are what each shard checks
        the suggested rules against (report --check); the merged partial and every
        check give the report of one run over the shards in the order given:

          banners report --partial rules/smtp-1998.rules 1.jsonl > 1.partial
          banners report --partial rules/smtp-1998.rules 2.jsonl > 2.partial
          banners merge --partial 1.partial 2.partial > all.partial
          banners report --check all.partial rules/smtp-1998.rules 1.jsonl > 1.check
          banners report --check all.partial rules/smtp-1998.rules 2.jsonl > 2.check
          banners merge all.partial 1.check 2.check

        Without checks the report leaves the suggested rules out and says so.

        A part may hold several outputs one after another (as Spark's RDD.pipe
        collects them; bench/spark/tally.py): each output ends with its summary (a
        tally) or end object (a partial, a check). An output that does not add up (a
        cut file), partials of other rules or options, or a check of other
        candidates is an error naming file and line, status 2, and nothing is
        printed.
        """
    )

    @Argument(
      help: ArgumentHelp(
        "Outputs of 'classify --tally --json', or of 'report --partial' and 'report --check'; '-' reads stdin.",
        valueName: "part"))
    var parts: [String] = []

    @Flag(help: "JSON Lines, as 'classify --tally --json' or 'report --json' print them.")
    var json = false

    @Flag(
      help:
        "Write the merged report partials as one partial (for 'report --check', or to merge again)."
    )
    var partial = false

    @Option(
      help: ArgumentHelp(
        "Also write the merged report as one self-contained HTML page.", valueName: "file.html"))
    var html: String?

    func validate() throws {
      guard !parts.isEmpty else {
        throw ValidationError("name at least one output of 'classify --tally --json'")
      }
      guard !(partial && (json || html != nil)) else {
        throw ValidationError("--partial writes a partial: leave out --json and --html")
      }
    }

    func run() throws {
      // Each part is opened and its first line read (which kind it is) before any is
      // merged: an unreadable part or a mix of kinds is said before anything else.
      var inputs: [MergeInput] = []
      var reports: [Bool] = []
      var failed = false
      for part in parts {
        do throws(InputError) {
          var input = try MergeInput(path: part)
          reports.append(try input.startsWithReportOutput())
          inputs.append(input)
        } catch {
          printDiagnostics(error)
          failed = true
        }
      }
      if failed { throw ExitCode(2) }
      if let report = reports.firstIndex(of: true) {
        if let tally = reports.firstIndex(of: false) {
          throw exitWithInputError(
            InputError(
              SourceLocation(file: inputs[tally].file, line: 1),
              "not an output of 'report --partial' or 'report --check', as \(inputs[report].file) is: merge one kind"
            ))
        }
        var merge = ReportMerge()
        try add(&inputs, to: &merge)
        return try printMerged(merge, file: inputs[0].file)
      }
      guard !partial, html == nil else {
        throw exitWithInputError(
          InputError(
            SourceLocation(file: inputs[0].file, line: 1),
            "--partial and --html merge report partials (report --partial), not tallies"))
      }
      var merge = TallyMerge()
      try add(&inputs, to: &merge)
      let output = StandardOutput.shared
      output.write(json ? TallyPrinter.jsonLines(merge.tally) : TallyPrinter.text(merge.tally))
      output.flush()
    }

    /// Adds every input to `merge` in order, each read line by line, printing each
    /// one's errors. A partial sum would look like a whole survey: when any input is
    /// wrong, nothing is printed and the status is 2.
    private func add(_ inputs: inout [MergeInput], to merge: inout some InputMerge) throws {
      var failed = false
      for index in inputs.indices {
        do throws(InputError) {
          try merge.add(&inputs[index])
        } catch {
          printDiagnostics(error)
          failed = true
        }
      }
      if failed { throw ExitCode(2) }
    }

    /// The merged partial, or the report, of partials and checks merged; `file` names
    /// the first input.
    private func printMerged(_ merge: ReportMerge, file: String) throws {
      let output = StandardOutput.shared
      if partial {
        guard merge.checkCount == 0, let merged = merge.partialJSONLines() else {
          throw exitWithInputError(
            InputError(
              SourceLocation(file: file, line: 0),
              "--partial merges partials only (report --partial): give the checks to the final merge"
            ))
        }
        output.write(merged)
        output.flush()
        return
      }
      let report: CorpusReport
      do {
        report = try merge.report()
      } catch {
        throw exitWithInputError(error)
      }
      if !merge.residueIsExact {
        StandardError.write(
          "banners: warning: a residue table filled up (more than --max-groups \(report.residue.capacity) shapes): groups near the cut-off may differ from one run's; every banner is still counted\n"
        )
      }
      try printReport(report, json: json, html: html)
      try failIfUndecided(report.undecided)
    }
  }
}
