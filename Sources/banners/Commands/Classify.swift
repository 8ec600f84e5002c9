import ArgumentParser
import BannersCore

extension Banners {
  /// `banners classify RULES CORPUS...`: a label per record, or the posts' tables.
  struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Label every record of a corpus with the first rule that matches its banner.",
      discussion: """
        Rules are tried in file order and the first match wins; a banner no rule
        matches is "not sure". Records whose connection failed keep their reason.

        Per record (the default, or --format), tab-separated:
          192.0.2.7:25<TAB>ok<TAB>sendmail
          192.0.2.9:25<TAB>timed out<TAB>
        The identity is addr:port (with #2, #3... for repeats), or the line number for
        plain-text corpora.

        With --tally, the two tables of the posts instead, counts first, largest first:
          banners classify --tally rules/smtp-1998.rules corpus/smtp-1998-sample.jsonl

        A rule that exhausts PCRE2's backtracking limit on a banner is decided by
        PCRE2's DFA matcher instead (same answer: awk regexes are regular). Only if
        that gives up too is it reported on stderr with rule and record; the banner is
        tallied as undecided (never as "not sure") and the run exits with status 2.
        """
    )

    enum RecordFormat: String, CaseIterable, ExpressibleByArgument {
      case tsv
      case jsonl
    }

    @Argument(
      help: ArgumentHelp("The rule list, in the awk format of the posts.", valueName: "rules"))
    var rules: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var match: MatchOptions
    @OptionGroup var parallel: ParallelOptions

    @Option(help: "Print one line per record in this format (the default unless --tally).")
    var format: RecordFormat?

    @Flag(
      help: "Print the posts' two tables: reasons for connection failures, server software tallies."
    )
    var tally = false

    @Flag(help: "Machine-readable output: JSON Lines, one object per record or table row.")
    var json = false

    func run() throws {
      let ruleList = try loadRules(rules)
      let interrupts = InterruptWatch()
      try corpus.checkReadable()
      let limits = match.limits
      let recordFormat: RecordFormat? = format ?? (tally ? nil : (json ? .jsonl : .tsv))
      var identities = RecordIdentity()
      var totals = Tally()
      var undecided = 0
      let progress = Progress()
      let output = StandardOutput.shared
      let scan = ParallelCorpusScan(
        paths: corpus.corpora, format: corpus.inputFormat, skipBad: corpus.skipBad,
        workers: parallel.workers)
      let badLines: Int
      do {
        badLines = try scan.run(
          makeState: { RuleMatcher(ruleList, limits: limits) },
          process: { matcher, record -> Verdict? in
            record.outcome == .ok ? matcher.verdict(for: record.banner ?? []) : nil
          },
          consume: { record, verdict in
            let label = verdict.map { ruleList.label(of: $0) } ?? ""
            if case .undecided(let rule, let reason) = verdict {
              undecided += 1
              reportUndecided(ruleList.rules[rule], reason: reason, record: record)
            }
            totals.add(outcome: record.outcome, label: label)
            guard let recordFormat else { return }
            let identity = identities.identity(of: record)
            switch recordFormat {
            case .tsv:
              output.write(
                "\(TerminalSafe.escape(identity))\t\(TerminalSafe.escape(record.outcome.description))\t\(TerminalSafe.escape(label))\n"
              )
            case .jsonl:
              output.write(
                jsonLine(identity: identity, record: record, verdict: verdict, rules: ruleList)
                  + "\n")
            }
          },
          onBadLine: { error in _ = exitWithInputError(error) },
          progress: { file in
            progress.update(records: totals.records, file: file)
            // Each round's lines go out as it is done, so a live stream shows as it comes.
            if recordFormat != nil { output.flush() }
          },
          shouldStop: { interrupts.received != nil })
      } catch {
        progress.finish()
        output.flush()
        throw exitWithInputError(error)
      }
      progress.finish()
      if tally {
        output.write(json ? TallyPrinter.jsonLines(totals) : TallyPrinter.text(totals))
      }
      output.flush()
      if badLines > 0 {
        StandardError.write(
          "banners: skipped \(badLines) malformed corpus line(s) (--skip-bad)\n")
      }
      try interrupts.exitIfInterrupted(records: totals.records)
      if undecided > 0 {
        StandardError.write(
          "banners: error: \(undecided) banner(s) undecided: a rule hit a PCRE2 limit (raise --match-limit or fix the rule)\n"
        )
        throw ExitCode(2)
      }
    }

    private func reportUndecided(_ rule: Rule, reason: String, record: CorpusRecord) {
      let who = record.target.map { "\($0) (\(record.source))" } ?? "\(record.source)"
      StandardError.write(
        "\(rule.location): error: rule /\(TerminalSafe.escape(rule.regexSource))/ gave up on record \(TerminalSafe.escapeControls(who)): \(reason); the record is tallied as undecided, not \"not sure\"\n"
      )
    }

    private func jsonLine(
      identity: String, record: CorpusRecord, verdict: Verdict?, rules: RuleList
    ) -> String {
      var line =
        "{\"id\":\(JSONText.quote(identity)),\"outcome\":\(JSONText.quote(record.outcome.description))"
      if let verdict {
        line += ",\"label\":\(JSONText.quote(rules.label(of: verdict)))"
        switch verdict {
        case .matched(let rule):
          line += ",\"rule\":\(JSONText.quote(ruleReference(rules.rules[rule])))"
        case .residue: break
        case .undecided(let rule, let reason):
          line +=
            ",\"undecided_rule\":\(JSONText.quote(ruleReference(rules.rules[rule]))),\"error\":\(JSONText.quote(reason))"
        }
      }
      return line + "}"
    }

    private func ruleReference(_ rule: Rule) -> String {
      "\(rule.location.file):\(rule.location.line)"
    }
  }
}
