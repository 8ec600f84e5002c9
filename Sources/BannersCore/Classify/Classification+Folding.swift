/// `classify` folded on the workers (`FoldingAnalysis`): each worker counts its batch's
/// verdicts and failure reasons and, for per-record output, formats its lines; the
/// scanning thread adds the counts and writes the lines, numbering repeated targets.
extension Classification: FoldingAnalysis {
  var folding: VerdictCounting? {
    VerdictCounting(examination, lines: listing?.lineFormatter(rules: rules))
  }

  mutating func merge(_ part: VerdictCounting.Part) {
    for (slot, count) in part.connectionCounts.enumerated() where count > 0 {
      connectionCounts[slot] += count
    }
    for (reason, count) in part.failureCounts {
      failures.add(count, outcome: .failed(reason), label: "")
    }
    undecided.merge(part.undecided)
    listing?.write(part.lines)
  }
}

/// The workers' side of `classify`: the first match of each banner, counted, and each
/// record's line when there is per-record output.
struct VerdictCounting: BatchFolding {
  let examination: FirstMatch
  /// Per-record output's lines, or nil for the tables alone.
  let lines: RecordLineFormatter?
  /// The slot of residue in `Part.connectionCounts`; undecided is the next.
  private let residue: Int

  init(_ examination: FirstMatch, lines: RecordLineFormatter?) {
    self.examination = examination
    self.lines = lines
    self.residue = examination.rules.rules.count
  }

  /// One batch's counts, laid out as `Classification`'s, and its lines.
  struct Part: Sendable {
    /// Per rule, then residue, then undecided.
    var connectionCounts: [Int]
    var failureCounts: [String: Int] = [:]
    var undecided = UndecidedVerdicts()
    var lines = FormattedLines()
  }

  struct Worker {
    var matcher: RuleMatcher
    var lines = RecordLineFormatter.Worker()
  }

  func makeWorker() -> Worker { Worker(matcher: examination.makeWorker()) }

  func makePart() -> Part {
    Part(connectionCounts: Array(repeating: 0, count: residue + 2))
  }

  func fold(
    _ record: JSONRecordFastPath.OutcomeAndBanner, file: String, line: Int,
    into part: inout Part, using worker: inout Worker
  ) -> Bool {
    if let lines, !lines.canAppend(record) { return false }
    let verdict: Verdict?
    if record.isOK {
      guard let banner = record.banner else { return false }
      verdict = worker.matcher.verdict(for: banner)
    } else {
      verdict = nil
    }
    switch verdict {
    case nil: part.failureCounts[String(decoding: record.outcome, as: UTF8.self), default: 0] += 1
    case .matched(let rule)?: part.connectionCounts[rule] += 1
    case .residue?: part.connectionCounts[residue] += 1
    case .undecided?: return false  // kept with its record, parsed in full
    }
    lines?.append(
      record, verdict: verdict, file: file, line: line, to: &part.lines, using: &worker.lines)
    return true
  }

  func fold(_ record: CorpusRecord, into part: inout Part, using worker: inout Worker) {
    let verdict = examination.examine(record, using: &worker.matcher)
    switch verdict {
    case nil:
      if case .failed(let reason) = record.outcome { part.failureCounts[reason, default: 0] += 1 }
    case .matched(let rule): part.connectionCounts[rule] += 1
    case .residue: part.connectionCounts[residue] += 1
    case .undecided:
      part.connectionCounts[residue + 1] += 1
      part.undecided.add(verdict, rules: examination.rules, record: record)
    }
    lines?.append(record, verdict: verdict, to: &part.lines, using: &worker.lines)
  }
}
