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
    if lines.file == nil { lines.file = record.source.file }
    // The identity's text: the target (`CorpusRecord.target`) made as bytes, or the line.
    var key: TargetKey?
    worker.identity.removeAll(keepingCapacity: true)
    if let address = record.address {
      record.appendTarget(address: address, to: &worker.identity)
      if let repeats {
        let target = String(decoding: worker.identity, as: UTF8.self)
        if repeats.mayRepeat(target, inFile: record.source.file) {
          key = TargetOccurrences.key(target: target, address: address, port: record.port)
        }
      } else {
        var address = address
        key = worker.identity.withUnsafeBufferPointer { target in
          address.withUTF8 { TargetOccurrences.key(target: target, address: $0, port: record.port) }
        }
      }
    } else {
      worker.identity.append(contentsOf: String(record.source.line).utf8)
    }
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
        RecordListing.appendSource(record.source, to: &lines.bytes, prefix: &lines.sourcePrefix)
        return end
      }
    }
    let textStart = lines.texts.count
    if case .text = key { lines.texts.append(contentsOf: worker.identity) }
    appendTail(outcome: record.outcome, verdict: verdict, to: &lines.bytes, using: &worker)
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
