/// Names records for per-record output and snapshots: `addr:port`, with `#2`, `#3`...
/// when the same target occurs again in one file; the line number for records without
/// an address (plain text).
///
/// It remembers every target of the current file, so only commands that print
/// per-record identities use it; `classify --tally` streams in constant memory.
public struct RecordIdentity {
  private var seen: [String: Int] = [:]
  private var currentFile: String?

  public init() {}

  public mutating func identity(of record: CorpusRecord) -> String {
    if currentFile != record.source.file {
      currentFile = record.source.file
      seen.removeAll()
    }
    guard let target = record.target else { return String(record.source.line) }
    let occurrence = (seen[target] ?? 0) + 1
    seen[target] = occurrence
    return occurrence == 1 ? target : "\(target)#\(occurrence)"
  }
}
