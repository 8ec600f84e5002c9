#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Records, a key and a value each (bytes), handed back sorted by key in memory that
/// does not grow with their number: they are held until they take about `memory`
/// bytes, then sorted and written to a scratch file as a run, and `sorted()` merges
/// the runs (`fanIn` at a time; more passes past that). Below `memory` nothing touches
/// the disk.
///
///     var sorter = ExternalSorter(memory: 32 << 20, scratch: ScratchFiles())
///     try sorter.append(key: "198.51.100.2:25".utf8, value: [1])
///     try sorter.append(key: "192.0.2.9:25".utf8, value: [2])
///     let records = try sorter.sorted()
///     while try records.next() { print(records.key, records.value) }   // 192..., then 198...
///
/// Keys compare as `memcmp` does, a key before any longer key it starts; equal keys
/// come back in the order they were added (stable), as one sort of everything would.
///
/// - Complexity: O(n log n) comparisons; each record is written and read once per
///   merge pass (one up to `memory x fanIn` bytes of records).
struct ExternalSorter {
  /// Bytes of records (and their index) held before a run is written.
  let memory: Int
  let scratch: ScratchFiles
  /// Runs merged at once (each with a read buffer of 256 KiB).
  let fanIn: Int
  /// Records in memory, each `varint(key count) varint(value count) key value`.
  private var arena: [UInt8] = []
  private var starts: [Int] = []
  /// Runs written, in the order their records were added.
  private var runs: [SortedRun] = []
  /// Runs are written one after the other to one file.
  private var file: TemporaryFile?
  private(set) var count = 0

  init(memory: Int, scratch: ScratchFiles, fanIn: Int = 16) {
    self.memory = max(1, memory)
    self.scratch = scratch
    self.fanIn = max(2, fanIn)
  }

  /// True once a run has been written to disk.
  var spilled: Bool { !runs.isEmpty }

  /// Adds a record.
  ///
  /// - Throws: `SystemError` when a run cannot be written (a full disk).
  mutating func append(key: some Collection<UInt8>, value: [UInt8]) throws(SystemError) {
    starts.append(arena.count)
    VarInt.append(key.count, to: &arena)
    VarInt.append(value.count, to: &arena)
    arena.append(contentsOf: key)
    arena.append(contentsOf: value)
    count += 1
    // 8 bytes of `starts` a record, 4 of the order sorted when the run is written.
    if arena.count + starts.count * 12 >= memory { try spill() }
  }

  /// Every record added, sorted; the sorter is left empty.
  ///
  /// - Throws: `SystemError` when a run cannot be written or read.
  mutating func sorted() throws(SystemError) -> SortedRecords {
    defer { self = ExternalSorter(memory: memory, scratch: scratch, fanIn: fanIn) }
    guard spilled else {
      return SortedRecords(arena: arena, starts: starts, order: sortedOrder())
    }
    if !starts.isEmpty { try spill() }
    while runs.count > fanIn {
      // One pass: each `fanIn` consecutive runs become one (consecutive, so that equal
      // keys keep their order), written to a new file; the old one is freed.
      let output = try scratch.makeFile()
      var merged: [SortedRun] = []
      for group in stride(from: 0, to: runs.count, by: fanIn) {
        let offset = output.size
        let records = try SortedRecords(runs: runs[group..<min(group + fanIn, runs.count)])
        while try records.nextRaw(into: output) {}
        try output.flush()
        merged.append(SortedRun(file: output, offset: offset, count: output.size - offset))
      }
      runs = merged
    }
    return try SortedRecords(runs: runs[...])
  }

  /// Sorts what is in memory and writes it as a run.
  private mutating func spill() throws(SystemError) {
    let output: TemporaryFile
    if let file {
      output = file
    } else {
      output = try scratch.makeFile()
      file = output
    }
    let offset = output.size
    for index in sortedOrder() {
      let start = starts[Int(index)]
      let end = Int(index) + 1 < starts.count ? starts[Int(index) + 1] : arena.count
      try output.append(arena[start..<end])
    }
    try output.flush()
    runs.append(SortedRun(file: output, offset: offset, count: output.size - offset))
    arena.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
  }

  /// The indices of the records in memory, by key, then by index (stable).
  private func sortedOrder() -> [UInt32] {
    precondition(starts.count <= Int(UInt32.max))
    var order = (0..<starts.count).map { UInt32($0) }
    arena.withUnsafeBufferPointer { arena in
      starts.withUnsafeBufferPointer { starts in
        order.sort { left, right in
          let order = Self.compare(
            Self.key(arena, at: starts[Int(left)]), Self.key(arena, at: starts[Int(right)]))
          return order != 0 ? order < 0 : left < right
        }
      }
    }
    return order
  }

  /// The key of the record at `start` (written by `append`, so well formed).
  static func key(_ arena: UnsafeBufferPointer<UInt8>, at start: Int) -> UnsafeBufferPointer<UInt8>
  {
    var index = start
    let keyCount = Int(VarInt.read(arena, at: &index)!)
    _ = VarInt.read(arena, at: &index)
    return UnsafeBufferPointer(rebasing: arena[index..<(index + keyCount)])
  }

  /// The value of the record at `start`.
  static func value(_ arena: UnsafeBufferPointer<UInt8>, at start: Int) -> UnsafeBufferPointer<
    UInt8
  > {
    var index = start
    let keyCount = Int(VarInt.read(arena, at: &index)!)
    let valueCount = Int(VarInt.read(arena, at: &index)!)
    return UnsafeBufferPointer(
      rebasing: arena[(index + keyCount)..<(index + keyCount + valueCount)])
  }

  /// memcmp over the common length, then the shorter first: negative, 0 or positive.
  static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>)
    -> Int32
  {
    let common = min(left.count, right.count)
    if common > 0 {
      let order = memcmp(left.baseAddress!, right.baseAddress!, common)
      if order != 0 { return order }
    }
    return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
  }
}
