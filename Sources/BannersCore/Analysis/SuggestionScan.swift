/// The second pass of `report`: every banner of the corpus is checked against the
/// suggested rules' fragments, and a fragment found outside its group is dropped.
struct SuggestionScan: CorpusAnalysis {
  struct Examination: RecordExamination {
    let check: SuggestionCheck
    let firstMatch: FirstMatch

    func makeWorker() -> RuleMatcher { firstMatch.makeWorker() }

    func examine(_ record: CorpusRecord, using matcher: inout RuleMatcher) -> [Int] {
      check.outsiders(in: record) { matcher.verdict(for: $0) }
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

  mutating func add(_ record: CorpusRecord, _ outsiders: [Int]) { check.disqualify(outsiders) }
}
