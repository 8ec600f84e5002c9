/// `classify`'s per-record output: one line per record, in corpus order, streamed to a
/// sink as the scan adds records.
///
///     198.51.100.231:25<TAB>ok<TAB>MERCUR
///     {"type":"record","id":"198.51.100.231:25","source":"corpus.jsonl:1","outcome":"ok",...}
///
/// Identities need memory per distinct target (to number repeats), so only per-record
/// output keeps them: 8 to 24 bytes a target, or about 2 a record with `repeats`.
///
/// The lines are `RecordPrinter`'s, assembled as bytes: what follows the identity (and
/// in JSON the source) depends only on the outcome and the verdict, so it is escaped
/// once per rule and per failure reason and copied for each record. `classify` has the
/// workers make the lines (`lineFormatter`, `RecordLineFormatter`) and only numbers
/// repeats here, in corpus order (`write`); `add` makes a line from one record.
public struct RecordListing {
  public enum Format: String, CaseIterable, Sendable {
    case tsv
    case jsonl
  }

  public let format: Format
  private let sink: any TextSink
  private var identities: RecordIdentity
  private let repeats: RepeatedTargets?
  /// The line being built; its storage is reused.
  private var line: [UInt8] = []
  /// What follows the identity (TSV) or the source (JSON), per verdict: one per rule,
  /// then residue. Made on first use, for the rule list of the first record.
  private var connectionTails: [[UInt8]] = []
  /// The same for failed connections, per reason (a handful of distinct reasons).
  private var failureTails: [String: [UInt8]] = [:]
  /// JSON: `"FILE:` quoted, for the file of the records being listed.
  private var sourcePrefix: (file: String, bytes: [UInt8])?

  /// Lines in `format` to `sink`; `repeats` from a first pass over a large corpus
  /// (`RepeatedTargets.survey`) keeps numbering repeats in about 2 bytes a record.
  public init(_ format: Format, to sink: any TextSink, repeats: RepeatedTargets? = nil) {
    self.format = format
    self.sink = sink
    self.identities = RecordIdentity(repeats: repeats)
    self.repeats = repeats
  }

  /// What the workers run to format lines for `write(_:)`.
  func lineFormatter(rules: RuleList) -> RecordLineFormatter {
    RecordLineFormatter(format: format, rules: rules, repeats: repeats)
  }

  /// Writes a batch's lines (made by `lineFormatter`), the batches in corpus order:
  /// counts each numbered target and inserts `#2`, `#3`... where one repeats. The bytes
  /// are those `add` writes for the same records.
  mutating func write(_ lines: FormattedLines) {
    guard let file = lines.file else { return }
    identities.enter(file: file)
    lines.bytes.withUnsafeBufferPointer { bytes in
      lines.texts.withUnsafeBufferPointer { texts in
        // Runs of lines without a repeat go to the sink whole.
        var written = 0
        for entry in lines.records {
          guard let key = entry.key else { continue }
          let occurrence = identities.count(
            key, text: UnsafeBufferPointer(rebasing: texts[entry.textStart..<entry.textEnd]))
          guard occurrence > 1 else { continue }
          sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[written..<entry.identityEnd]))
          line.removeAll(keepingCapacity: true)
          line.append(UInt8(ascii: "#"))
          line.append(contentsOf: String(occurrence).utf8)
          line.withUnsafeBufferPointer { sink.write(bytes: $0) }
          written = entry.identityEnd
        }
        if written < bytes.count {
          sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[written...]))
        }
      }
    }
  }

  mutating func add(_ record: CorpusRecord, verdict: Verdict?, rules: RuleList) {
    var identity = identities.identity(of: record)
    line.removeAll(keepingCapacity: true)
    switch format {
    case .tsv:
      identity.withUTF8 { TerminalSafe.appendEscaped($0, to: &line) }
    case .jsonl:
      line.append(contentsOf: "{\"type\":\"record\",\"id\":".utf8)
      identity.withUTF8 { JSONText.appendQuoted($0, to: &line) }
      line.append(contentsOf: ",\"source\":".utf8)
      Self.appendSource(record.source, to: &line, prefix: &sourcePrefix)
    }
    appendTail(outcome: record.outcome, verdict: verdict, rules: rules)
    line.withUnsafeBufferPointer { sink.write(bytes: $0) }
  }

  /// `JSONText.quote(source.description)`, the file's part made once per file (kept in
  /// `prefix`).
  static func appendSource(
    _ source: SourceLocation, to line: inout [UInt8],
    prefix sourcePrefix: inout (file: String, bytes: [UInt8])?
  ) {
    guard source.line > 0, source.column == 0 else {
      JSONText.appendQuoted(Array(source.description.utf8), to: &line)
      return
    }
    if sourcePrefix?.file != source.file {
      // Quoting is byte by byte, so the quoted `FILE:` is a prefix of the quoted
      // `FILE:LINE` (":" and digits stand for themselves); the closing quote is dropped.
      var bytes: [UInt8] = []
      JSONText.appendQuoted(Array((source.file + ":").utf8), to: &bytes)
      bytes.removeLast()
      sourcePrefix = (source.file, bytes)
    }
    line.append(contentsOf: sourcePrefix!.bytes)
    line.append(contentsOf: String(source.line).utf8)
    line.append(UInt8(ascii: "\""))
  }

  private mutating func appendTail(outcome: Outcome, verdict: Verdict?, rules: RuleList) {
    switch verdict {
    case .matched(let rule)?:
      if connectionTails.isEmpty { makeConnectionTails(rules) }
      line.append(contentsOf: connectionTails[rule])
    case .residue?:
      if connectionTails.isEmpty { makeConnectionTails(rules) }
      line.append(contentsOf: connectionTails[rules.rules.count])
    case nil:
      if case .failed(let reason) = outcome, let tail = failureTails[reason] {
        line.append(contentsOf: tail)
        return
      }
      let tail = tail(outcome: outcome, verdict: nil, rules: rules)
      if case .failed(let reason) = outcome, failureTails.count < 256 {
        failureTails[reason] = tail
      }
      line.append(contentsOf: tail)
    case .undecided?:
      line.append(contentsOf: tail(outcome: outcome, verdict: verdict, rules: rules))
    }
  }

  private mutating func makeConnectionTails(_ rules: RuleList) {
    connectionTails =
      rules.rules.indices.map { tail(outcome: .ok, verdict: .matched(rule: $0), rules: rules) }
      + [tail(outcome: .ok, verdict: .residue, rules: rules)]
  }

  /// What follows the identity (TSV) or the source (JSON), from `RecordPrinter`.
  private func tail(outcome: Outcome, verdict: Verdict?, rules: RuleList) -> [UInt8] {
    Self.tail(format: format, outcome: outcome, verdict: verdict, rules: rules)
  }

  static func tail(format: Format, outcome: Outcome, verdict: Verdict?, rules: RuleList)
    -> [UInt8]
  {
    switch format {
    case .tsv:
      // The row of an empty identity is its tail: an empty identity escapes to nothing.
      let label = verdict.map { rules.label(of: $0) } ?? ""
      return Array(
        RecordPrinter.tsvRow(identity: "", entry: Snapshot.Entry(outcome: outcome, label: label))
          .utf8)
    case .jsonl:
      return Array(RecordPrinter.jsonTail(outcome: outcome, verdict: verdict, rules: rules).utf8)
    }
  }
}
