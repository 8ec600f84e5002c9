/// `classify`'s per-record output: one line per record, in corpus order, streamed to a
/// sink as the scan adds records.
///
///     198.51.100.231:25<TAB>ok<TAB>MERCUR
///     {"type":"record","id":"198.51.100.231:25","source":"corpus.jsonl:1","outcome":"ok",...}
///
/// Identities need memory per distinct target (to number repeats), so only per-record
/// output keeps them: 8 to 24 bytes a target, or about 2 a record with `repeats`.
public struct RecordListing {
  public enum Format: String, CaseIterable, Sendable {
    case tsv
    case jsonl
  }

  public let format: Format
  private let sink: any TextSink
  private var identities: RecordIdentity

  /// Lines in `format` to `sink`; `repeats` from a first pass over a large corpus
  /// (`RepeatedTargets.survey`) keeps numbering repeats in about 2 bytes a record.
  public init(_ format: Format, to sink: any TextSink, repeats: RepeatedTargets? = nil) {
    self.format = format
    self.sink = sink
    self.identities = RecordIdentity(repeats: repeats)
  }

  mutating func add(_ record: CorpusRecord, verdict: Verdict?, label: String, rules: RuleList) {
    let identity = identities.identity(of: record)
    switch format {
    case .tsv:
      sink.write(
        RecordPrinter.tsvRow(
          identity: identity, entry: Snapshot.Entry(outcome: record.outcome, label: label)))
    case .jsonl:
      sink.write(
        RecordPrinter.jsonLine(identity: identity, record: record, verdict: verdict, rules: rules))
    }
  }
}
