/// `report`'s first pass folded on the workers (`FoldingAnalysis`): each worker answers
/// every rule on its batch's banners and counts them into a part (coverage, overlaps,
/// failures, undecided cases, limit hits), shaping the residue as it goes; the scanning
/// thread adds the parts in corpus order. The report is the one `add` makes record by
/// record, byte for byte: counts add up, every kept example is the first in corpus
/// order, and the residue banners are added to the table one by one in corpus order,
/// because its pruning depends on that order.
extension CorpusReport: FoldingAnalysis {
  var folding: FirstPassFolding? { FirstPassFolding(self) }

  mutating func merge(_ part: FirstPassFolding.Part) {
    counts.records += part.counts.records
    counts.connections += part.counts.connections
    counts.classified += part.counts.classified
    counts.residue += part.counts.residue
    counts.undecided += part.counts.undecided
    for (reason, count) in part.failureCounts {
      failures.add(count, outcome: .failed(reason), label: "")
    }
    for rule in part.coveredRules {
      let counted = part.coverage[rule]
      coverage[rule].wins += counted.wins
      coverage[rule].matches += counted.matches
      coverage[rule].limitHits += counted.limitHits
      coverage[rule].claimedBy.merge(counted.claimedBy, uniquingKeysWith: +)
    }
    overlaps.merge(part.overlaps)
    for banner in part.residue { residue.add(banner.shape, example: banner.example) }
    undecided.merge(part.undecided)
    limitHitCount += part.limitHitCount
    limitHits += part.limitHits.prefix(max(0, options.limitHitsKept - limitHits.count))
  }
}

/// The workers' side of `report`'s first pass: every rule's answer on each banner,
/// counted into one part per batch.
struct FirstPassFolding: BatchFolding {
  let examination: AllMatches
  let options: CorpusReport.Options
  /// A number per rule, the same for rules of the same label: the overlaps of a banner
  /// compare labels pair by pair, and numbers compare without touching strings.
  let labelNumbers: [Int]

  init(_ report: CorpusReport) {
    examination = report.examination
    options = report.options
    var numbers: [String: Int] = [:]
    labelNumbers = report.rules.rules.map { rule in
      if let number = numbers[rule.label] { return number }
      numbers[rule.label] = numbers.count
      return numbers.count - 1
    }
  }

  /// One batch's share of a report, laid out as `CorpusReport`'s.
  struct Part: Sendable {
    var counts = CorpusCounts()
    var failureCounts: [String: Int] = [:]
    /// Every rule's coverage; only `coveredRules` may be other than zero.
    var coverage: [RuleCoverage]
    /// The rules this batch matched or hit a limit on, each once, so that a merge does
    /// not walk every rule of a long list for a batch that touched a few.
    var coveredRules: [Int] = []
    var overlaps: OverlapCounter
    /// Every residue banner in corpus order, shaped, each with its example: which of
    /// them the report keeps depends on the residue table the merge adds them to.
    var residue: [ResidueBanner] = []
    var undecided = UndecidedVerdicts()
    var limitHitCount = 0
    /// The batch's first limit hits, as many as the report keeps.
    var limitHits: [CorpusReport.LimitHit] = []
  }

  struct ResidueBanner: Sendable {
    var shape: ResidueShape
    var example: BannerExample
  }

  struct Worker {
    var matcher: RuleMatcher
    /// Every rule's answer on the banner at hand, reused from banner to banner.
    var evaluation = RuleEvaluation()
  }

  func makeWorker() -> Worker { Worker(matcher: examination.makeWorker()) }

  func makePart() -> Part {
    Part(
      coverage: examination.rules.rules.indices.map { RuleCoverage(rule: $0) },
      overlaps: OverlapCounter(examples: options.examples))
  }

  func fold(
    _ record: JSONRecordFastPath.OutcomeAndBanner, file: String, line: Int,
    into part: inout Part, using worker: inout Worker
  ) -> Bool {
    part.counts.records += 1
    guard record.isOK, let banner = record.banner else {
      part.failureCounts[String(decoding: record.outcome, as: UTF8.self), default: 0] += 1
      return true
    }
    fold(
      banner, into: &part, using: &worker,
      example: BannerExample(record, source: SourceLocation(file: file, line: line)))
    return true
  }

  func fold(_ record: CorpusRecord, into part: inout Part, using worker: inout Worker) {
    part.counts.records += 1
    guard record.outcome == .ok else {
      if case .failed(let reason) = record.outcome { part.failureCounts[reason, default: 0] += 1 }
      return
    }
    (record.banner ?? []).withUnsafeBufferPointer {
      fold($0, into: &part, using: &worker, example: BannerExample(record))
    }
  }

  /// Counts a connection's banner as `CorpusReport.add` does; `example` is made only
  /// where one is kept (and for every residue banner).
  private func fold(
    _ banner: UnsafeBufferPointer<UInt8>, into part: inout Part, using worker: inout Worker,
    example: @autoclosure () -> BannerExample
  ) {
    part.counts.connections += 1
    worker.matcher.evaluate(banner, into: &worker.evaluation)
    let verdict = worker.evaluation.verdict
    let claimant: Int?
    switch verdict {
    case .matched(let rule): claimant = rule
    case .undecided(let rule, _): claimant = rule
    case .residue: claimant = nil
    }
    for rule in worker.evaluation.matched {
      touch(rule, in: &part)
      part.coverage[rule].matches += 1
      if let claimant, claimant != rule { part.coverage[rule].claimedBy[claimant, default: 0] += 1 }
    }
    for hit in worker.evaluation.undecidedRules {
      touch(hit.rule, in: &part)
      part.coverage[hit.rule].limitHits += 1
      part.limitHitCount += 1
      if part.limitHits.count < options.limitHitsKept {
        part.limitHits.append(
          CorpusReport.LimitHit(rule: hit.rule, reason: hit.reason, example: example()))
      }
    }
    switch verdict {
    case .matched(let rule):
      part.counts.classified += 1
      part.coverage[rule].wins += 1
      if worker.evaluation.matched.count > 1 {
        let labels = labelNumbers
        part.overlaps.add(
          matched: worker.evaluation.matched, sameLabel: { labels[$0] == labels[$1] },
          example: example())
      }
    case .residue:
      part.counts.residue += 1
      part.residue.append(ResidueBanner(shape: ResidueShape(of: banner), example: example()))
    case .undecided:
      part.counts.undecided += 1
      part.undecided.add(verdict, rules: examination.rules, example: example())
    }
  }

  /// Notes that `rule`'s coverage in `part` is counted.
  private func touch(_ rule: Int, in part: inout Part) {
    if part.coverage[rule].matches == 0 && part.coverage[rule].limitHits == 0 {
      part.coveredRules.append(rule)
    }
  }
}
