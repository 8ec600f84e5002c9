#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The records of a new snapshot (`test --update`), compactly: identities' bytes in one
/// arena, one 64-bit word a record (arena offset in bits 0...39, the entry's number
/// among the few distinct ones in bits 40...63), so about 30 bytes a record where an
/// array of strings and entries took about 100.
struct SnapshotCollector {
  private var arena: [UInt8] = []
  /// Record i's identity spans `offset(i)..<offset(i + 1)` (the arena's end for the last).
  private var records: [UInt64] = []
  private var distinct: [Snapshot.Entry] = []
  private var numbers: [Snapshot.Entry: UInt64] = [:]

  private static let offsetMask: UInt64 = (1 << 40) - 1

  var count: Int { records.count }

  /// Entries past 2^24 - 1 distinct ones (a corpus of made-up outcomes), by record.
  private var others: [Int: Snapshot.Entry] = [:]
  private static let other: UInt64 = (1 << 24) - 1

  mutating func append(_ identity: String, _ entry: Snapshot.Entry) {
    var number = numbers[entry] ?? Self.other
    if number == Self.other, distinct.count < Self.other {
      number = UInt64(distinct.count)
      numbers[entry] = number
      distinct.append(entry)
    }
    if number == Self.other { others[records.count] = entry }
    // 2^40 bytes of identities is past any memory this runs in.
    precondition(UInt64(arena.count) < Self.offsetMask)
    records.append(UInt64(arena.count) | number << 40)
    arena += identity.utf8
  }

  /// The snapshot file's bytes, as `Snapshot.text` writes them (the header, then the
  /// records sorted by identity, bytes), in chunks of about a megabyte, so that the
  /// file is never in memory whole.
  var chunks: some Sequence<[UInt8]> {
    let order = sortedOrder()
    var next = 0
    var header: [UInt8]? = Array((Snapshot.header + "\n").utf8)
    return AnyIterator<[UInt8]> { [self] in
      if let first = header {
        header = nil
        return first
      }
      guard next < order.count else { return nil }
      var chunk: [UInt8] = []
      chunk.reserveCapacity(1 << 20 + 4096)
      while next < order.count, chunk.count < 1 << 20 {
        let index = Int(order[next])
        next += 1
        let identity = String(decoding: arena[identityRange(index)], as: UTF8.self)
        let number = records[index] >> 40
        let entry = number == Self.other ? others[index]! : distinct[Int(number)]
        chunk += RecordPrinter.tsvRow(identity: identity, entry: entry).utf8
      }
      return chunk
    }
  }

  private func identityRange(_ index: Int) -> Range<Int> {
    let start = Int(records[index] & Self.offsetMask)
    let end = index + 1 < records.count ? Int(records[index + 1] & Self.offsetMask) : arena.count
    return start..<end
  }

  /// Record indices sorted by identity bytes (stable: equal identities keep corpus
  /// order, as `Snapshot.text` sorts).
  private func sortedOrder() -> [UInt32] {
    precondition(records.count <= Int(UInt32.max))
    var order = (0..<records.count).map { UInt32($0) }
    arena.withUnsafeBufferPointer { arena in
      order.sort { left, right in
        let a = identityRange(Int(left))
        let b = identityRange(Int(right))
        let common = min(a.count, b.count)
        let order =
          common == 0
          ? 0 : memcmp(arena.baseAddress! + a.lowerBound, arena.baseAddress! + b.lowerBound, common)
        return order != 0 ? order < 0 : a.count < b.count
      }
    }
    return order
  }
}
