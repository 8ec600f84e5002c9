/// The part of an analysis that runs on worker threads: it looks at one record at a
/// time, with per-worker state (a `RuleMatcher` is per thread), and reads only
/// immutable, shared configuration such as the rule list.
public protocol RecordExamination: Sendable {
  /// Per-worker state, made once per batch of lines on the worker's thread.
  associatedtype Worker
  /// What a worker finds in one record, handed to the analysis in corpus order.
  associatedtype Finding: Sendable

  func makeWorker() -> Worker
  func examine(_ record: CorpusRecord, using worker: inout Worker) -> Finding

  /// True when the corpus line `line` (its bytes as read, in `format`) cannot matter to
  /// the analysis, so the scan neither parses nor examines it and the analysis never
  /// sees it (nor a bad line's error). For an examination that looks for a few byte
  /// strings in banners (`report`'s second pass). By default, false: every line is
  /// parsed.
  func passesOver(
    _ line: UnsafeBufferPointer<UInt8>, format: CorpusFormat, using worker: inout Worker
  ) -> Bool
}

extension RecordExamination {
  public func passesOver(
    _ line: UnsafeBufferPointer<UInt8>, format: CorpusFormat, using worker: inout Worker
  ) -> Bool { false }
}

/// A value folded over the records of a scan, in corpus order: a tally, a report's
/// counters, a diff table, a snapshot comparison. `CorpusScan` feeds it; a printer in
/// `Output/` renders it.
///
///     var classification = Classification(rules: rules)
///     let summary = try CorpusScan(request).run(&classification)
///     print(TallyPrinter.text(classification.tally))
public protocol CorpusAnalysis {
  associatedtype Examination: RecordExamination
  /// Handed to the workers at the start of a scan.
  var examination: Examination { get }
  /// Called on the scanning thread, once per record, in corpus order.
  mutating func add(_ record: CorpusRecord, _ finding: Examination.Finding)
}

/// Told about a scan as it goes, on the scanning thread: bad lines skipped, and the
/// end of each round of work (for progress displays and flushing live output).
public protocol ScanObserver {
  /// A malformed line that `skipBad` skips.
  func skipped(_ error: InputError)
  /// A round of records has been added; `records` so far, `file` being read.
  func roundAdded(records: Int, file: String)
}

/// Observes nothing.
public struct SilentScan: ScanObserver {
  public init() {}
  public func skipped(_ error: InputError) {}
  public func roundAdded(records: Int, file: String) {}
}

/// How a scan ended.
public struct ScanSummary: Sendable, Hashable {
  /// Records added to the analysis (blank lines, skipped bad lines and lines the
  /// examination passed over not counted).
  public var records = 0
  /// Malformed lines skipped (only with `skipBad`).
  public var badLines = 0
  /// Lines the examination passed over unparsed (`RecordExamination.passesOver`): each
  /// a record or a malformed line, never a blank one.
  public var passedOver = 0
  /// True when the stop signal ended the scan before the corpora's end.
  public var stopped = false
  /// Banners holding U+FFFD: where a scanner (zgrab2) replaced bytes that were not
  /// UTF-8, those bytes were lost before we read the file, and no rule can see them.
  public var replacementCharacters = 0

  public init() {}
}
