import Dispatch

/// The one scan under every command that reads corpora: reads lines on the calling
/// thread, parses and examines records on `request.workers` threads, and adds them to
/// an analysis in corpus order. The output is that of a sequential loop; one worker is
/// the sequential case, run by the same code.
///
/// Work goes in batches of lines; a round of `4 x workers` batches is examined
/// concurrently, then added in order, so memory is bounded by two rounds whatever the
/// corpus size.
///
/// A malformed line stops the scan there (every record before it is added first), or
/// with `skipBad` goes to the observer and is skipped. An unreadable file stops the
/// scan after everything read before it is added. The stop signal ends the reading at
/// a batch boundary (or while a pipe is quiet); what was read is still added.
public struct CorpusScan {
  public var request: ScanRequest

  public init(_ request: ScanRequest) { self.request = request }

  /// Runs the scan, folding every record into `analysis`.
  ///
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  @discardableResult
  public func run<Analysis: CorpusAnalysis>(
    _ analysis: inout Analysis, observer: any ScanObserver = SilentScan()
  ) throws(InputError) -> ScanSummary {
    let examination = analysis.examination
    var summary = ScanSummary()
    typealias Finding = Analysis.Examination.Finding
    try drive(
      process: { Self.items(of: $0, examination: examination) },
      add: { (results: [[Item<Finding>]], file: String) throws(InputError) in
        for batchResults in results {
          for item in batchResults {
            switch item {
            case .record(let record, let finding, let hasReplacementCharacter):
              analysis.add(record, finding)
              summary.records += 1
              if hasReplacementCharacter { summary.replacementCharacters += 1 }
            case .blank: continue
            case .passedOver: summary.passedOver += 1
            case .bad(let error):
              guard request.skipBad, error.kind == .badLine else { throw error }
              summary.badLines += 1
              observer.skipped(error)
            }
          }
        }
        observer.roundAdded(records: summary.records, file: file)
      })
    summary.stopped = request.stop.isRaised
    return summary
  }

  /// Reads the corpora in rounds of batches, has `process` run on each batch (on the
  /// workers, or on this thread with one worker), and hands each round's results, in
  /// corpus order, to `add` with the file's display name.
  func drive<BatchResult: Sendable>(
    process: @escaping @Sendable (RawCorpusLines) -> BatchResult,
    add: ([BatchResult], String) throws(InputError) -> Void
  ) throws(InputError) {
    let stop = request.stop
    for path in request.corpora where !stop.isRaised {
      let reader = try CorpusReader(
        path: path, format: request.format, maximumLineLength: request.maximumLineLength)
      reader.stopWaiting = { stop.isRaised }
      if request.workers == 1 {
        // One worker is the sequential case: every step on this thread, one core.
        while true {
          let (round, readError) = stop.isRaised ? ([], nil) : readRound(from: reader)
          try add(round.map(process), reader.displayName)
          if let readError { throw readError }
          if round.isEmpty { break }
        }
        continue
      }
      // A pipeline of two rounds: while the workers examine round k, this thread reads
      // round k + 1, then adds round k while the workers examine round k + 1. So
      // reading and adding (the serial parts) overlap the parallel part.
      var inFlight: RoundInFlight<BatchResult>? = nil
      defer { inFlight?.wait() }  // a thrown bad line must not leave workers running
      while true {
        // A quiet pipe: hand on what is done before waiting for more.
        if let waiting = inFlight, reader.wouldBlock {
          inFlight = nil
          try add(waiting.wait(), reader.displayName)
        }
        let (round, readError) = stop.isRaised ? ([], nil) : readRound(from: reader)
        let finished = inFlight?.wait()
        inFlight = round.isEmpty ? nil : RoundInFlight(round, process: process)
        if let finished { try add(finished, reader.displayName) }
        if let readError {
          // Everything read before the error is added before it is thrown.
          if let last = inFlight?.wait() { try add(last, reader.displayName) }
          inFlight = nil
          throw readError
        }
        if round.isEmpty { break }
      }
    }
  }

  /// Up to `4 x workers` batches (more batches than workers, so a slow batch leaves the
  /// other workers something to do); fewer at the end of the file or where a pipe goes
  /// quiet; with a read error, the batches read before it and the error.
  private func readRound(from reader: CorpusReader) -> ([RawCorpusLines], InputError?) {
    var round: [RawCorpusLines] = []
    do throws(InputError) {
      while round.count < request.workers * 4,
        let batch = try reader.nextRawLines(upTo: request.batchLines)
      {
        round.append(batch)
        if batch.count < request.batchLines { break }
      }
    } catch {
      return (round, error)
    }
    return (round, nil)
  }

  /// A batch's lines parsed and examined, in order (on a worker thread, or on the
  /// scanning thread with one worker).
  static func items<Examination: RecordExamination>(
    of batch: RawCorpusLines, examination: Examination
  ) -> [Item<Examination.Finding>] {
    var worker = examination.makeWorker()
    var items: [Item<Examination.Finding>] = []
    items.reserveCapacity(batch.count)
    let format = batch.format
    for line in 0..<batch.count {
      let passedOver = batch.withRawLine(at: line) {
        // A blank JSON Lines line is no record: it is never passed over, so that
        // `ScanSummary.passedOver` counts records and malformed lines only.
        !(format == .jsonl && $0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
          && examination.passesOver($0, format: format, using: &worker)
      }
      if passedOver == true {
        items.append(.passedOver)
        continue
      }
      do throws(InputError) {
        if let record = try batch.record(at: line) {
          // Looked for here, on the worker, so the scanning thread only counts.
          let hasReplacementCharacter =
            record.banner.map(UTF8Validation.hasReplacementCharacter) ?? false
          items.append(
            .record(
              record, examination.examine(record, using: &worker),
              hasReplacementCharacter: hasReplacementCharacter))
        } else {
          items.append(.blank)
        }
      } catch {
        items.append(.bad(error))
      }
    }
    return items
  }

  enum Item<Finding: Sendable>: Sendable {
    /// A record, what the examination found, and whether its banner holds U+FFFD.
    case record(CorpusRecord, Finding, hasReplacementCharacter: Bool)
    case blank
    /// A line the examination passed over unparsed (`RecordExamination.passesOver`).
    case passedOver
    case bad(InputError)
  }
}

/// One round of batches being parsed and examined on the worker threads.
private final class RoundInFlight<BatchResult: Sendable>: Sendable {
  private let done = DispatchGroup()
  private let results: ResultSlots<BatchResult>

  init(_ round: [RawCorpusLines], process: @escaping @Sendable (RawCorpusLines) -> BatchResult) {
    let results = ResultSlots<BatchResult>(count: round.count)
    self.results = results
    done.enter()
    DispatchQueue.global().async { [done] in
      DispatchQueue.concurrentPerform(iterations: round.count) { index in
        results.set(index, process(round[index]))
      }
      done.leave()
    }
  }

  /// Waits for the workers, then hands over the round's results in corpus order.
  @discardableResult
  func wait() -> [BatchResult] {
    done.wait()
    return results.values
  }
}

/// One slot per concurrent iteration, in memory allocated up front: each iteration
/// writes only its own slot through the pointer, and the values are read after
/// `concurrentPerform` returns, which orders every write before the read.
private final class ResultSlots<Value>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func set(_ index: Int, _ value: Value) { slots[index] = value }

  var values: [Value] { slots.map { $0! } }
}
