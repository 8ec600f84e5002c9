/// Names records for per-record output and snapshots: `addr:port`, with `#2`, `#3`...
/// when the same target occurs again in one file; the line number for records without
/// an address (plain text).
///
/// It counts every target of the current file to number repeats, in binary form
/// (`TargetOccurrences`: 8 to 24 bytes a target), or with `repeats` from a first pass
/// over a large corpus only the targets that may repeat. So only commands that print
/// per-record identities use it; `classify --tally` streams in constant memory.
public struct RecordIdentity {
  private var occurrences = TargetOccurrences()
  private var currentFile: String?
  private let repeats: RepeatedTargets?

  public init(repeats: RepeatedTargets? = nil) {
    self.repeats = repeats
  }

  public mutating func identity(of record: CorpusRecord) -> String {
    if currentFile != record.source.file {
      currentFile = record.source.file
      occurrences.removeAll()
    }
    guard let address = record.address, let target = record.target else {
      return String(record.source.line)
    }
    if let repeats, !repeats.mayRepeat(target, inFile: record.source.file) { return target }
    let occurrence = occurrences.count(target: target, address: address, port: record.port)
    return occurrence == 1 ? target : "\(target)#\(occurrence)"
  }

  /// Starts counting `file`'s targets, unless its records are being counted already:
  /// for `count(_:text:)`, which is told the file once per batch of its records.
  mutating func enter(file: String) {
    if currentFile != file {
      currentFile = file
      occurrences.removeAll()
    }
  }

  /// The occurrence number of a target of the current file by its key
  /// (`TargetOccurrences.key`), as `identity(of:)` numbers it; the caller has already
  /// left out the targets that `repeats` says occur once.
  mutating func count(_ key: TargetKey, text: UnsafeBufferPointer<UInt8>) -> Int {
    occurrences.count(key, text: text)
  }
}
