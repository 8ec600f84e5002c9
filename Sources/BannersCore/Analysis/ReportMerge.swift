/// Adds up the `report --partial` outputs of the shards of a corpus (and their
/// `report --check` outputs) into the report one `report` over every shard prints, byte
/// for byte: the two passes of `report`, as two rounds over the shards.
///
///     banners report --partial RULES shard-1.jsonl > 1.partial      # round 1, per shard
///     banners merge --partial 1.partial 2.partial > all.partial     # the residue of all
///     banners report --check all.partial RULES shard-1.jsonl > 1.check   # round 2, per shard
///     banners merge all.partial 1.check 2.check                      # the report
///
/// Partials are added in the order given: examples are the first ones of each part in
/// that order, so shards given in corpus order keep the examples one run keeps. The
/// residue table is exact when no shard's table filled up and the shapes of all fit
/// `--max-groups` (`ResidueGroups.merged(with:)`); `residueIsExact` says whether it is.
///
/// An input that is cut, of another rule list or options, or a check made for other
/// candidates is an error naming its file and line, and nothing of that file is added.
public struct ReportMerge: Sendable {
  /// The largest input read (a partial holds at most `maxGroups` shapes and a few
  /// examples of 2 KiB each). Inputs are read line by line (`MergeInput`), so this
  /// bounds the time a merge reads, not its memory.
  public static let fileLimit = 1 << 30

  /// The rules, options and limits of the partials, and the header that set them.
  var settings: (value: ReportPartial.Settings, source: [UInt8], at: SourceLocation)?
  /// The rule list a caller ran (`report --check`): partials must be of it.
  let expected: (rules: RuleList, fingerprint: String, limits: [Int])?
  var rules: RuleList?
  /// The first passes added so far, merged.
  public internal(set) var firstPass: CorpusReport?
  var checks: [ShardCheck] = []
  /// Partials added so far.
  public internal(set) var partials = 0
  /// Checks added so far.
  public var checkCount: Int { checks.count }
  /// False when a shard's residue table, or the merged one, filled up: then the groups
  /// near the cut-off may differ from one run's (the counts still add up).
  public internal(set) var residueIsExact = true

  /// A merge that reads its rule list from the partials.
  public init() { expected = nil }

  /// A merge for `report --check`: the partials must be of `rules` (the same file name
  /// and bytes, `ruleSource`) and `limits`.
  public init(rules: RuleList, ruleSource: [UInt8], limits: MatchLimits) {
    expected = (
      rules, ReportPartial.fingerprint(of: rules.file, ruleSource),
      ReportPartial.limitValues(limits)
    )
  }

  /// True when `bytes` start with a `report --partial` or `report --check` output
  /// (anything else is left to the tally merge).
  public static func isReportOutput(_ bytes: [UInt8]) -> Bool {
    var input = MergeInput(bytes: bytes, file: "")
    return (try? input.startsWithReportOutput()) ?? false
  }

  /// The merged partial (`merge --partial`): what round 2 reads, and what merges again.
  public func partialJSONLines() -> String? {
    guard let firstPass, let settings else { return nil }
    return ReportPartial.jsonLines(firstPass, ruleSource: settings.source)
  }

  /// Round 2 on one shard (`report --check`): checks the candidates of the merged
  /// residue against `request`'s corpora; the output is whole unless `summary.stopped`.
  public func checkJSONLines(_ request: ScanRequest, observer: any ScanObserver = SilentScan())
    throws(InputError) -> (output: String, summary: ScanSummary)
  {
    guard let firstPass, let settings else {
      throw InputError(
        SourceLocation(file: "banners", line: 0), "no output of 'report --partial' to check")
    }
    let second = try firstPass.checkSuggestions(request, observer: observer)
    let fingerprint = ReportCheck.fingerprint(
      of: firstPass, rulesFingerprint: settings.value.rulesFingerprint,
      check: firstPass.suggestionCheck)
    let output = ReportCheck.jsonLines(
      report: firstPass, rulesFingerprint: settings.value.rulesFingerprint,
      fingerprint: fingerprint, check: second.check,
      records: second.summary.records + second.summary.passedOver + second.summary.badLines)
    return (output, second.summary)
  }

  /// The report of every shard added: with suggested rules when checks were added (they
  /// must cover every record, each made for the merged residue), without otherwise.
  ///
  /// - Throws: `InputError` for no partial, or checks that do not fit the partials.
  public func report() throws(InputError) -> CorpusReport {
    guard var report = firstPass, let settings else {
      throw InputError(
        checks.first.map { $0.location } ?? SourceLocation(file: "banners", line: 0),
        "no output of 'report --partial' among the inputs: merge the partials with their checks")
    }
    guard !checks.isEmpty else {
      report.missingSuggestionsNote =
        "no suggested rules: they need the check round, 'banners report --check' on each shard against the merged partial (docs/scale.md)"
      return report
    }
    var check = report.suggestionCheck
    let fingerprint = ReportCheck.fingerprint(
      of: report, rulesFingerprint: settings.value.rulesFingerprint, check: check)
    var errors: [Diagnostic] = []
    var records = 0
    for shard in checks {
      // Claims are at most their check's records: records within CountLimit keep the
      // claims summed over checks within it too.
      guard let total = CountLimit.sum(records, shard.records) else {
        errors.append(
          Diagnostic(
            .error, at: shard.location, "the checks' records add up to a count \(CountLimit.past)"
          ))
        break
      }
      records = total
      guard shard.rulesFingerprint == settings.value.rulesFingerprint else {
        errors.append(
          Diagnostic(
            .error, at: shard.location,
            "a check of another rule list (\(shard.rules), fingerprint \(shard.rulesFingerprint)) than the partials' (\(settings.value.rules), fingerprint \(settings.value.rulesFingerprint), \(settings.at))"
          ))
        continue
      }
      guard shard.fingerprint == fingerprint, shard.candidates == check.candidateCount else {
        errors.append(
          Diagnostic(
            .error, at: shard.location,
            "a check made for other candidates (check fingerprint \(shard.fingerprint), the merged partials give \(fingerprint)): run 'report --check' against the merge of these partials"
          ))
        continue
      }
      for (id, claims) in shard.claims.sorted(by: { $0.key < $1.key }) {
        guard id < check.candidateCount, claims.keys.allSatisfy(check.slots(of: id).contains)
        else {
          errors.append(
            Diagnostic(.error, at: shard.location, "candidate \(id)'s claims name no shape of it"))
          break
        }
        check.absorb(candidate: id, out: false, claims: claims)
      }
      for id in shard.out.sorted() where id < check.candidateCount {
        check.absorb(candidate: id, out: true, claims: [:])
      }
    }
    // A check counts the lines of its shard that are records or skipped bad lines
    // (its pass leaves most lines unparsed, so it cannot tell the two apart).
    let partialRecords = report.counts.records + report.badLines
    if errors.isEmpty, records != partialRecords {
      errors.append(
        Diagnostic(
          .error, at: checks[0].location,
          "the checks cover \(records) records but the partials \(partialRecords): is a shard's check missing, or given twice?"
        ))
    }
    guard errors.isEmpty else { throw InputError(errors) }
    report.suggestedRules = check.suggestions()
    return report
  }
}
