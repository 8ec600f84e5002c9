#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The records of a new snapshot (`test --update`), sorted by identity in bounded
/// memory: an `ExternalSorter` keyed by the identity's bytes, valued by the entry's
/// number (`SnapshotEntryCodes`). Up to its memory (about 40 bytes a record) nothing
/// touches the disk; past it, sorted runs go to scratch files and are merged as the
/// snapshot is written.
struct SnapshotCollector {
  private var sorter: ExternalSorter
  private var codes = SnapshotEntryCodes()
  private var value: [UInt8] = []
  private(set) var count = 0

  init(sorter: ExternalSorter) { self.sorter = sorter }

  /// - Throws: `SystemError` when a run cannot be written (a full disk).
  mutating func append(_ identity: String, _ entry: Snapshot.Entry) throws(SystemError) {
    value.removeAll(keepingCapacity: true)
    codes.append(entry, to: &value)
    try sorter.append(key: identity.utf8, value: value)
    count += 1
  }

  /// Hands the snapshot file's bytes, as `Snapshot.text` writes them (the header, then
  /// the records sorted by identity bytes, equal ones in corpus order), to `write` in
  /// chunks of about a megabyte, so that the file is never in memory whole. Once only.
  ///
  /// - Throws: `WriteError` from `write`, or when a run cannot be read or `stop` is
  ///   raised (then `.system` with EINTR).
  mutating func write(stop: StopSignal?, _ write: ([UInt8]) throws(WriteError) -> Void)
    throws(WriteError)
  {
    try write(Array((Snapshot.header + "\n").utf8))
    let records: SortedRecords
    do throws(SystemError) {
      records = try sorter.sorted()
    } catch {
      throw .system(error)
    }
    var chunk: [UInt8] = []
    chunk.reserveCapacity(1 << 20 + 4096)
    while true {
      let more: Bool
      do throws(SystemError) {
        more = try records.next()
      } catch {
        throw .system(error)
      }
      if more {
        var index = 0
        guard let (entry, _) = codes.read(records.value, at: &index) else {
          preconditionFailure("the collector wrote every value")
        }
        let identity = String(decoding: records.key, as: UTF8.self)
        chunk += RecordPrinter.tsvRow(identity: identity, entry: entry).utf8
      }
      guard chunk.count >= 1 << 20 || !more else { continue }
      if stop?.isRaised == true {
        throw .system(SystemError(errno: EINTR, operation: "write", message: "interrupted"))
      }
      if !chunk.isEmpty { try write(chunk) }
      chunk.removeAll(keepingCapacity: true)
      if !more { return }
    }
  }
}
