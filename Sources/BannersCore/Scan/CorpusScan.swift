/// The one scan under every command that reads corpora: reads lines on the calling
/// thread, parses and examines records on `request.workers` threads, and adds them to
/// an analysis in corpus order. The output is that of a sequential loop; one worker is
/// the sequential case, run by the same code.
///
/// Work goes in batches of lines to worker threads (`BatchPipeline`), at most
/// `4 x workers` batches in flight, added in order, so memory is bounded whatever the
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

  /// Reads the corpora in batches, has `process` run on each batch (on the workers, or
  /// on this thread with one worker), and hands the results, in corpus order, to `add`
  /// with the file's display name: as many at a time as are done (a round).
  func drive<BatchResult: Sendable>(
    process: @escaping @Sendable (RawCorpusLines) -> BatchResult,
    add: ([BatchResult], String) throws(InputError) -> Void
  ) throws(InputError) {
    let stop = request.stop
    // More batches in flight than workers, so a slow batch leaves the others something
    // to do, while this thread reads ahead and adds behind them.
    let pipeline =
      request.workers == 1
      ? nil
      : BatchPipeline(workers: request.workers, capacity: request.workers * 4, process: process)
    defer { pipeline?.finish() }  // a thrown bad line must not leave workers running
    for path in request.corpora where !stop.isRaised {
      let reader = try CorpusReader(
        path: path, format: request.format, maximumLineLength: request.maximumLineLength)
      reader.stopWaiting = { stop.isRaised }
      guard let pipeline else {
        // One worker is the sequential case: every step on this thread, one core.
        while true {
          let (batch, readError) = stop.isRaised ? (nil, nil) : readBatch(from: reader)
          if let batch {
            let result = process(batch)
            reader.recycle(batch)
            try add([result], reader.displayName)
          }
          if let readError { throw readError }
          if batch == nil { break }
        }
        continue
      }
      // Adds the processed batches at the head of the pipeline, oldest first: every one
      // that is done, and more (waiting) until at most `keeping` are in flight.
      func addProcessed(keeping: Int) throws(InputError) {
        var results: [BatchResult] = []
        while !pipeline.isEmpty, pipeline.count > keeping || pipeline.oldestIsDone {
          let (result, batch) = pipeline.takeOldest()
          results.append(result)
          reader.recycle(batch)
        }
        if !results.isEmpty { try add(results, reader.displayName) }
      }
      while true {
        // A quiet pipe: hand on what is read before waiting for more.
        if reader.wouldBlock { try addProcessed(keeping: 0) }
        let (batch, readError) = stop.isRaised ? (nil, nil) : readBatch(from: reader)
        if let batch {
          try addProcessed(keeping: pipeline.capacity - 1)
          pipeline.submit(batch)
        }
        if let readError {
          // Everything read before the error is added before it is thrown.
          try addProcessed(keeping: 0)
          throw readError
        }
        if batch == nil { break }
      }
      try addProcessed(keeping: 0)
    }
  }

  /// The next batch (fewer lines at the end of the file or where a pipe goes quiet), or
  /// nil at the end; or the error that ends the reading.
  private func readBatch(from reader: CorpusReader) -> (RawCorpusLines?, InputError?) {
    do throws(InputError) {
      return (try reader.nextRawLines(upTo: request.batchLines), nil)
    } catch {
      return (nil, error)
    }
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
