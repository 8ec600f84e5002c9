import Synchronization

/// The second pass of `report`: every banner of the corpus is checked against the
/// candidate fragments; a fragment found in a classified banner or in another group is
/// dropped, and what the others claim of their group is counted.
struct SuggestionScan: CorpusAnalysis {
  struct Examination: RecordExamination {
    let check: SuggestionCheck
    let firstMatch: FirstMatch
    let knownOut: OutCandidates
    let windowCounts: GramSieve.WindowCounts?

    /// A matcher, the candidates known to be out when the batch starts (and those its
    /// records put out), and a line filter for the others.
    struct Worker {
      var matcher: RuleMatcher
      var knownOut: [UInt64]
      var filter: SuggestionCheck.LineFilter
      /// `filter`, or nil while most lines may hold a live candidate
      /// (`linesPerFilterReview`). Kept apart so that a line's check borrows it rather
      /// than copying the filter into an optional.
      var activeFilter: SuggestionCheck.LineFilter?
      /// Lines the filter let through that hold no live candidate, since it was made.
      var staleLines = 0
      /// Lines checked since the last review, and those that may hold a live candidate.
      var lines = 0
      var mayHold = 0
    }

    /// Stale lines after which a worker makes its own filter for the candidates it knows
    /// are out. Making one costs about what the full check of 500 lines costs (callgrind,
    /// a few hundred keys), so a worker makes one only where stale lines are common: a
    /// batch that started with most candidates live and has put most of them out.
    static let staleLinesBeforeNewFilter = 128
    /// A worker looks at the last this many lines: when most of them may hold a live
    /// candidate (a corpus of residue, most of it the shown groups'), it checks the next
    /// ones without its filter, which would let them through to the full check anyway
    /// after a pass of its own (about 0.6 of the full check's).
    static let linesPerFilterReview = 256

    func makeWorker() -> Worker {
      let filter = knownOut.lineFilter { check.lineFilter(knownOut: $0, counts: windowCounts) }
      return Worker(
        matcher: firstMatch.makeWorker(), knownOut: filter.knownOut, filter: filter,
        activeFilter: filter)
    }

    func examine(
      _ record: CorpusRecord, using worker: inout Worker
    ) -> SuggestionCheck.Sighting? {
      let matcher = worker.matcher
      let sighting = check.sighting(in: record, knownOut: worker.knownOut) {
        matcher.verdict(for: $0)
      }
      // What this sighting puts out, the worker leaves out for the rest of its batch:
      // `count` will put it out at this very record, before any later one.
      if let sighting {
        for id in check.puttingOut(sighting) {
          worker.knownOut[id >> 6] |= 1 << UInt64(id & 63)
        }
      }
      return sighting
    }

    /// Most lines hold no live candidate: found so in the line as read, before parsing
    /// it (one pass of `AnyLiteralScanner` over the keys live at the batch's start,
    /// after a `GramSieve` when they are long enough), they cost no parse and no match.
    func passesOver(
      _ line: UnsafeBufferPointer<UInt8>, format: CorpusFormat,
      using worker: inout Worker
    ) -> Bool {
      let answer = check.lineAnswer(
        line: line, format: format, knownOut: worker.knownOut,
        filter: worker.activeFilter)
      worker.lines += 1
      if answer == .mayHold { worker.mayHold += 1 }
      if worker.lines == Self.linesPerFilterReview {
        worker.activeFilter = worker.mayHold * 2 < worker.lines ? worker.filter : nil
        worker.lines = 0
        worker.mayHold = 0
      }
      switch answer {
      case .mayHold: return false
      case .filtered: return true
      case .holdsNone:
        // The first batches start with every candidate live, common words too, and
        // put most of them out: a filter that still looks for those lets most lines
        // through to the full check.
        guard worker.activeFilter != nil else { return true }
        worker.staleLines += 1
        if worker.staleLines >= Self.staleLinesBeforeNewFilter,
          worker.knownOut != worker.filter.knownOut
        {
          worker.filter = check.lineFilter(knownOut: worker.knownOut, counts: windowCounts)
          worker.activeFilter = worker.filter
          worker.staleLines = 0
        }
        return true
      }
    }
  }

  private(set) var check: SuggestionCheck
  let examination: Examination

  /// `windowCounts`, counted in a sample of the corpus, makes the line sieve sharper.
  init(
    _ check: SuggestionCheck, _ rules: RuleList, limits: MatchLimits,
    windowCounts: GramSieve.WindowCounts? = nil
  ) {
    self.check = check
    // The workers read the candidates as they are before the pass, and the ones put out
    // since (as of their batch's start): a candidate out is never revived, so skipping
    // it sooner or later gives the same counts, and a banner whose candidates are all
    // out is not classified again.
    self.examination = Examination(
      check: check, firstMatch: FirstMatch(rules, limits: limits),
      knownOut: OutCandidates(count: check.candidateCount), windowCounts: windowCounts)
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
  /// The line filter made for the candidates out at some batch's start: the next batch
  /// reuses it while no other candidate has gone out (the set changes a few times per
  /// pass, so a filter is made a few times, not once per batch).
  private let filter = Mutex<SuggestionCheck.LineFilter?>(nil)

  init(count: Int) { bits = Mutex(Array(repeating: 0, count: (count + 63) / 64)) }

  func insert(_ id: Int) { bits.withLock { $0[id >> 6] |= 1 << (id & 63) } }

  var snapshot: [UInt64] { bits.withLock { $0 } }

  /// The line filter for the candidates out now: the last one made, or one `make`s
  /// for them.
  func lineFilter(
    _ make: ([UInt64]) -> SuggestionCheck.LineFilter
  ) -> SuggestionCheck.LineFilter {
    let out = snapshot
    if let made = filter.withLock({ $0 }), made.knownOut == out { return made }
    let made = make(out)
    filter.withLock { $0 = made }
    return made
  }
}
