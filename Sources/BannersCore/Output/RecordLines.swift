/// `RecordListing`'s lines made on the workers: each record's line is formatted where
/// the record is parsed, as if its target occurred once, with the place where a repeat
/// number (`#2`) would go and the target's binary key (`TargetOccurrences.key`). The
/// scanning thread then only counts keys in corpus order and inserts the numbers
/// (`RecordListing.write(_:)`). The bytes are those of `RecordListing.add`.
struct RecordLineFormatter: Sendable {
  let format: RecordListing.Format
  let rules: RuleList
  /// Targets that may repeat, from a survey; nil to number every target.
  let repeats: RepeatedTargets?
  /// What follows the identity (TSV) or the source (JSON): per rule, then residue.
  private let connectionTails: [[UInt8]]

  init(format: RecordListing.Format, rules: RuleList, repeats: RepeatedTargets?) {
    self.format = format
    self.rules = rules
    self.repeats = repeats
    self.connectionTails =
      rules.rules.indices.map {
        RecordListing.tail(format: format, outcome: .ok, verdict: .matched(rule: $0), rules: rules)
      } + [RecordListing.tail(format: format, outcome: .ok, verdict: .residue, rules: rules)]
  }

  /// Per worker: the tails of failed connections by reason (a handful of reasons).
  struct Worker {
    var failureTails: [String: [UInt8]] = [:]
    /// The identity of the record being formatted, as bytes (storage reused).
    var identity: [UInt8] = []
  }

  /// Appends `record`'s line to `lines`.
  func append(
    _ record: CorpusRecord, verdict: Verdict?, to lines: inout FormattedLines,
    using worker: inout Worker
  ) {
    // The identity's text: the target (`CorpusRecord.target`) made as bytes, or the line.
    var key: TargetKey?
    worker.identity.removeAll(keepingCapacity: true)
    if let address = record.address {
      record.appendTarget(address: address, to: &worker.identity)
      var address = address
      key = address.withUTF8 {
        self.key(of: worker.identity, address: $0, port: record.port, file: record.source.file)
      }
    } else {
      worker.identity.append(contentsOf: String(record.source.line).utf8)
    }
    appendLine(
      key: key, source: record.source, outcome: record.outcome, verdict: verdict, to: &lines,
      using: &worker)
  }

  /// Whether `append(_:verdict:file:line:to:using:)` takes a record known by the fast
  /// path's fields: its address is ASCII (`CorpusRecord.target` brackets a non-ASCII
  /// address by comparing Characters, which the record's path does).
  func canAppend(_ record: JSONRecordFastPath.OutcomeAndBanner) -> Bool {
    record.address?.allSatisfy { $0 < 0x80 } ?? true
  }

  /// Appends the line of a record known by the fast path's fields, from line `line` of
  /// `file` (`canAppend` says which): the bytes `append(_:verdict:to:using:)` writes.
  func append(
    _ record: JSONRecordFastPath.OutcomeAndBanner, verdict: Verdict?, file: String, line: Int,
    to lines: inout FormattedLines, using worker: inout Worker
  ) {
    var key: TargetKey?
    worker.identity.removeAll(keepingCapacity: true)
    if let address = record.address {
      // `CorpusRecord.target` of an ASCII address.
      let bracketed = address.contains(UInt8(ascii: ":"))
      if bracketed { worker.identity.append(UInt8(ascii: "[")) }
      worker.identity.append(contentsOf: address)
      if bracketed { worker.identity.append(UInt8(ascii: "]")) }
      if let port = record.port {
        worker.identity.append(UInt8(ascii: ":"))
        worker.identity.append(contentsOf: String(port).utf8)
      }
      key = self.key(of: worker.identity, address: address, port: record.port, file: file)
    } else {
      worker.identity.append(contentsOf: String(line).utf8)
    }
    let outcome: Outcome =
      record.isOK ? .ok : .failed(String(decoding: record.outcome, as: UTF8.self))
    appendLine(
      key: key, source: SourceLocation(file: file, line: line), outcome: outcome,
      verdict: verdict, to: &lines, using: &worker)
  }

  /// The key a target is counted by (`TargetOccurrences.key`), or nil when the survey
  /// says it occurs once in `file`.
  private func key(
    of target: [UInt8], address: UnsafeBufferPointer<UInt8>, port: Int?, file: String
  ) -> TargetKey? {
    if let repeats, !repeats.mayRepeat(String(decoding: target, as: UTF8.self), inFile: file) {
      return nil
    }
    return target.withUnsafeBufferPointer {
      TargetOccurrences.key(target: $0, address: address, port: port)
    }
  }

  /// The line of the record whose identity is in `worker.identity`.
  private func appendLine(
    key: TargetKey?, source: SourceLocation, outcome: Outcome, verdict: Verdict?,
    to lines: inout FormattedLines, using worker: inout Worker
  ) {
    if lines.file == nil { lines.file = source.file }
    let identityEnd = worker.identity.withUnsafeBufferPointer { identity -> Int in
      switch format {
      case .tsv:
        TerminalSafe.appendEscaped(identity, to: &lines.bytes)
        return lines.bytes.count
      case .jsonl:
        lines.bytes.append(contentsOf: "{\"type\":\"record\",\"id\":".utf8)
        JSONText.appendQuoted(identity, to: &lines.bytes)
        // Before the closing quote: `#` and digits are quoted as themselves.
        let end = lines.bytes.count - 1
        lines.bytes.append(contentsOf: ",\"source\":".utf8)
        RecordListing.appendSource(source, to: &lines.bytes, prefix: &lines.sourcePrefix)
        return end
      }
    }
    let textStart = lines.texts.count
    if case .text = key { lines.texts.append(contentsOf: worker.identity) }
    appendTail(outcome: outcome, verdict: verdict, to: &lines.bytes, using: &worker)
    lines.records.append(
      FormattedLines.Entry(
        end: lines.bytes.count, identityEnd: identityEnd, key: key, textStart: textStart,
        textEnd: lines.texts.count))
  }

  private func appendTail(
    outcome: Outcome, verdict: Verdict?, to bytes: inout [UInt8], using worker: inout Worker
  ) {
    switch verdict {
    case .matched(let rule)?: bytes.append(contentsOf: connectionTails[rule])
    case .residue?: bytes.append(contentsOf: connectionTails[rules.rules.count])
    case nil:
      if case .failed(let reason) = outcome, let tail = worker.failureTails[reason] {
        bytes.append(contentsOf: tail)
        return
      }
      let tail = RecordListing.tail(format: format, outcome: outcome, verdict: nil, rules: rules)
      if case .failed(let reason) = outcome, worker.failureTails.count < 256 {
        worker.failureTails[reason] = tail
      }
      bytes.append(contentsOf: tail)
    case .undecided?:
      bytes.append(
        contentsOf: RecordListing.tail(
          format: format, outcome: outcome, verdict: verdict, rules: rules))
    }
  }
}

/// A batch's lines as `RecordLineFormatter` makes them: every line as if its target
/// occurred once, and per record where its line ends, where a repeat number goes, and
/// the key its target is counted by.
struct FormattedLines: Sendable {
  struct Entry: Sendable {
    /// Offset in `bytes` after the line's newline.
    var end: Int
    /// Offset in `bytes` where `#2`, `#3`... goes for a repeated target.
    var identityEnd: Int
    /// The target's key; nil for a record that is not numbered (no address, or a target
    /// the survey found once).
    var key: TargetKey?
    /// The target's text in `texts`, for a `.text` key.
    var textStart: Int
    var textEnd: Int
  }

  /// The file of the batch's records (one batch is one file's lines).
  var file: String?
  var bytes: [UInt8] = []
  var records: [Entry] = []
  var texts: [UInt8] = []
  /// JSON: `"FILE:` quoted, made once per batch.
  var sourcePrefix: (file: String, bytes: [UInt8])?
}
