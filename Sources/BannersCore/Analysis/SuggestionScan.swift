/// The second pass of `report`: every banner of the corpus is checked against the
/// candidate fragments; a fragment found in a classified banner or in another group is
/// dropped, and what the others claim of their group is counted.
struct SuggestionScan: CorpusAnalysis {
  struct Examination: RecordExamination {
    let check: SuggestionCheck
    let firstMatch: FirstMatch

    func makeWorker() -> RuleMatcher { firstMatch.makeWorker() }

    func examine(_ record: CorpusRecord, using matcher: inout RuleMatcher)
      -> SuggestionCheck.Sighting?
    {
      check.sighting(in: record) { matcher.verdict(for: $0) }
    }
  }

  private(set) var check: SuggestionCheck
  let examination: Examination

  init(_ check: SuggestionCheck, _ rules: RuleList, limits: MatchLimits) {
    self.check = check
    // The workers read the candidates as they are before the pass; a candidate
    // disqualified during the pass is only looked at again, never revived.
    self.examination = Examination(check: check, firstMatch: FirstMatch(rules, limits: limits))
  }

  mutating func add(_ record: CorpusRecord, _ sighting: SuggestionCheck.Sighting?) {
    if let sighting { check.count(sighting) }
  }
}
