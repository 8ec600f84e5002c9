import Synchronization

/// The second pass of `report`: every banner of the corpus is checked against the
/// candidate fragments; a fragment found in a classified banner or in another group is
/// dropped, and what the others claim of their group is counted.
struct SuggestionScan: CorpusAnalysis {
  struct Examination: RecordExamination {
    let check: SuggestionCheck
    let firstMatch: FirstMatch
    let knownOut: OutCandidates

    /// A matcher, and the candidates known to be out when the batch starts.
    func makeWorker() -> (matcher: RuleMatcher, knownOut: [UInt64]) {
      (firstMatch.makeWorker(), knownOut.snapshot)
    }

    func examine(
      _ record: CorpusRecord, using worker: inout (matcher: RuleMatcher, knownOut: [UInt64])
    ) -> SuggestionCheck.Sighting? {
      let matcher = worker.matcher
      return check.sighting(in: record, knownOut: worker.knownOut) { matcher.verdict(for: $0) }
    }
  }

  private(set) var check: SuggestionCheck
  let examination: Examination

  init(_ check: SuggestionCheck, _ rules: RuleList, limits: MatchLimits) {
    self.check = check
    // The workers read the candidates as they are before the pass, and the ones put out
    // since (as of their batch's start): a candidate out is never revived, so skipping
    // it sooner or later gives the same counts, and a banner whose candidates are all
    // out is not classified again.
    self.examination = Examination(
      check: check, firstMatch: FirstMatch(rules, limits: limits),
      knownOut: OutCandidates(count: check.candidateCount))
  }

  mutating func add(_ record: CorpusRecord, _ sighting: SuggestionCheck.Sighting?) {
    guard let sighting else { return }
    for id in check.count(sighting) { examination.knownOut.insert(id) }
  }
}

/// Candidates put out so far, shared by the scanning thread (which adds, in corpus
/// order) and the workers (which read a copy per batch). Each candidate goes out at most
/// once, so the lock is taken a few hundred times per pass, not per record.
final class OutCandidates: Sendable {
  private let bits: Mutex<[UInt64]>

  init(count: Int) { bits = Mutex(Array(repeating: 0, count: (count + 63) / 64)) }

  func insert(_ id: Int) { bits.withLock { $0[id >> 6] |= 1 << (id & 63) } }

  var snapshot: [UInt64] { bits.withLock { $0 } }
}
