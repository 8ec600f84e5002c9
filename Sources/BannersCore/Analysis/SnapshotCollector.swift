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

  /// The snapshot file's bytes, as `Snapshot.text` writes them: the header, then the
  /// records sorted by identity (bytes).
  var text: [UInt8] {
    let offsets = records.map { Int($0 & Self.offsetMask) } + [arena.count]
    var order = Array(0..<records.count)
    arena.withUnsafeBufferPointer { arena in
      order.sort { left, right in
        let a = offsets[left]
        let b = offsets[right]
        let aCount = offsets[left + 1] - a
        let bCount = offsets[right + 1] - b
        let common = min(aCount, bCount)
        let order = common == 0 ? 0 : memcmp(arena.baseAddress! + a, arena.baseAddress! + b, common)
        return order != 0 ? order < 0 : aCount < bCount
      }
    }
    var out = Array((Snapshot.header + "\n").utf8)
    out.reserveCapacity(arena.count + records.count * 16)
    for index in order {
      let identity = String(decoding: arena[offsets[index]..<offsets[index + 1]], as: UTF8.self)
      let number = records[index] >> 40
      let entry = number == Self.other ? others[index]! : distinct[Int(number)]
      out += RecordPrinter.tsvRow(identity: identity, entry: entry).utf8
    }
    return out
  }
}
