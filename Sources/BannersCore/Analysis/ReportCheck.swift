/// `banners report --check MERGED.partial RULES SHARD`: the second pass of `report`, the
/// check of suggested rules, over one shard, against the candidates of the residue of
/// every shard (the merged partial). `banners merge` adds the checks of all shards up
/// (`SuggestionCheck.absorb`) into the suggested rules one run over all would print.
///
/// JSON Lines, flat objects:
///
///     {"type":"report_check","version":1,"rules":FILE,"rules_fingerprint":HEX16,
///      "check_fingerprint":HEX16,"candidates":N,"records":N}
///     {"type":"out","candidate":I}                     a banner of this shard put it out
///     {"type":"claims","candidate":I,"slot":S,"count":N}   banners of its group it claims, per shape
///     {"type":"end","objects":N}                       objects of this check, end included
///
/// `check_fingerprint` covers the rule list, `limit`, every residue shape and its count,
/// and the candidates: a check counts for those candidates only, and a merge refuses a
/// check made for others. `records` counts the shard's records and skipped bad lines
/// (the pass leaves most lines unparsed, so it cannot tell them apart): the checks of a
/// merge must cover exactly the records and bad lines of its partials.
public enum ReportCheck {
  public static let version = 1

  /// What a check of `report`'s candidates (`check`, fresh from
  /// `report.suggestionCheck`) refers to: rules, shown groups, residue, candidates.
  static func fingerprint(
    of report: CorpusReport, rulesFingerprint: String, check: SuggestionCheck
  ) -> String {
    var hash = FNV1a()
    hash.add(Array(rulesFingerprint.utf8))
    hash.add(report.options.limit)
    let groups = report.residue.sorted
    hash.add(groups.count)
    for group in groups {
      hash.add(group.shape.key.count)
      hash.add(group.shape.key)
      hash.add(group.count)
    }
    check.addFingerprint(to: &hash)
    return hash.hex
  }

  /// The check output of one shard: `check` after its pass over `records` records.
  static func jsonLines(
    report: CorpusReport, rulesFingerprint: String, fingerprint: String,
    check: SuggestionCheck, records: Int
  ) -> String {
    var objects = [
      "{\"type\":\"report_check\",\"version\":\(version),\"rules\":\(JSONText.quote(report.rules.file))"
        + ",\"rules_fingerprint\":\"\(rulesFingerprint)\",\"check_fingerprint\":\"\(fingerprint)\""
        + ",\"candidates\":\(check.candidateCount),\"records\":\(records)}"
    ]
    objects += check.countObjects()
    objects.append("{\"type\":\"end\",\"objects\":\(objects.count + 1)}")
    return objects.joined(separator: "\n") + "\n"
  }
}
