/// An analysis whose records can be folded on the workers: each worker folds a batch of
/// lines into a part (counters, say), and the scanning thread merges the parts in corpus
/// order. Nothing crosses threads per record, and a JSON Lines record of the plain shape
/// is never built: the worker reads its outcome, banner, address and port in place
/// (`JSONRecordFastPath.outcomeAndBanner`). `classify` runs this way.
///
/// The result is that of `CorpusScan.run`: merging the parts in order gives what adding
/// the records in order gives.
protocol FoldingAnalysis: CorpusAnalysis {
  associatedtype Folding: BatchFolding
  /// How workers fold batches, or nil when the analysis must see every record on the
  /// scanning thread: then the scan adds records one by one (`CorpusScan.run`).
  var folding: Folding? { get }
  /// Called on the scanning thread, once per batch, in corpus order.
  mutating func merge(_ part: Folding.Part)
}

/// What workers do for a `FoldingAnalysis`: fold records into a part, one per batch.
protocol BatchFolding: Sendable {
  associatedtype Worker
  associatedtype Part: Sendable

  func makeWorker() -> Worker
  func makePart() -> Part
  /// Folds a record known by the fast path's fields (`outcome` is the reason's bytes
  /// when not `isOK`), from line `line` of `file`; false when it needs the whole record
  /// (the scan then parses the line in full and calls `fold(_:into:using:)`), before
  /// changing `part`.
  func fold(
    _ record: JSONRecordFastPath.OutcomeAndBanner, file: String, line: Int,
    into part: inout Part, using worker: inout Worker
  ) -> Bool
  /// Folds a record parsed in full.
  func fold(_ record: CorpusRecord, into part: inout Part, using worker: inout Worker)
}

extension CorpusScan {
  /// Runs the scan with `analysis.folding` on the workers (`FoldingAnalysis`), or record
  /// by record (`run(_:observer:)`) when the analysis has no folding.
  ///
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  @discardableResult
  func runFolding<Analysis: FoldingAnalysis>(
    _ analysis: inout Analysis, observer: any ScanObserver = SilentScan()
  ) throws(InputError) -> ScanSummary {
    guard let folding = analysis.folding else { return try run(&analysis, observer: observer) }
    var summary = ScanSummary()
    let skipBad = request.skipBad
    try drive(
      process: { Self.fold($0, folding: folding, skipBad: skipBad) },
      add: { (results: [FoldedBatch<Analysis.Folding.Part>], file: String) throws(InputError) in
        for batch in results {
          // Skipped lines are reported before the batch's records are added, as the
          // record-by-record scan reports them before its buffered output is flushed.
          // An error that stops the scan is the batch's last, and comes after the
          // records before it (the worker stopped there: later ones are in no part).
          var stopping: InputError?
          for error in batch.errors {
            guard skipBad, error.kind == .badLine else {
              stopping = error
              break
            }
            summary.badLines += 1
            observer.skipped(error)
          }
          analysis.merge(batch.part)
          summary.records += batch.records
          summary.replacementCharacters += batch.replacementCharacters
          if let stopping { throw stopping }
        }
        observer.roundAdded(records: summary.records, file: file)
      })
    summary.stopped = request.stop.isRaised
    return summary
  }

  /// A batch's lines folded into one part (on a worker thread, or on the scanning
  /// thread with one worker): plain JSON Lines records through the fast path, any other
  /// line parsed in full, errors kept in order; the first error that `skipBad` does not
  /// skip ends the batch.
  static func fold<Folding: BatchFolding>(
    _ batch: RawCorpusLines, folding: Folding, skipBad: Bool
  ) -> FoldedBatch<Folding.Part> {
    var worker = folding.makeWorker()
    var result = FoldedBatch(part: folding.makePart())
    // The banner is unescaped here, reused for every line (an escape is never shorter
    // than what it stands for, so a line's length is room enough).
    var scratch: [UInt8] = []
    let plainJSON = batch.format == .jsonl || batch.format == .auto
    batch.forEachLine { index, line in
      do throws(InputError) {
        let bytes = try line.get()
        if plainJSON {
          if scratch.count < bytes.count { scratch = [UInt8](repeating: 0, count: bytes.count * 2) }
          let folded = scratch.withUnsafeMutableBufferPointer { scratch -> Bool in
            guard let record = JSONRecordFastPath.outcomeAndBanner(bytes, scratch: scratch),
              folding.fold(
                record, file: batch.file, line: batch.firstLine + index, into: &result.part,
                using: &worker)
            else { return false }
            result.records += 1
            if let banner = record.banner, UTF8Validation.hasReplacementCharacter(banner) {
              result.replacementCharacters += 1
            }
            return true
          }
          if folded { return true }
        }
        guard
          let record = try CorpusReader.parse(
            bytes, format: batch.format, at: batch.location(ofLine: index))
        else { return true }  // a blank line
        folding.fold(record, into: &result.part, using: &worker)
        result.records += 1
        if let banner = record.banner, UTF8Validation.hasReplacementCharacter(banner) {
          result.replacementCharacters += 1
        }
        return true
      } catch {
        result.errors.append(error)
        return skipBad && error.kind == .badLine
      }
    }
    return result
  }
}

/// What a worker made of one batch for a `FoldingAnalysis`.
struct FoldedBatch<Part: Sendable>: Sendable {
  var part: Part
  var records = 0
  var replacementCharacters = 0
  /// Bad lines in order; the last stopped the batch unless `skipBad` skips it.
  var errors: [InputError] = []
}
