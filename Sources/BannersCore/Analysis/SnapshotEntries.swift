/// A snapshot's entries by identity, compactly: every identity's bytes in one arena, an
/// open-addressing table of 64-bit slots pointing into it, and the few distinct entries
/// (outcome and label) numbered once. About 35 bytes a record for `192.0.2.1:25`-style
/// identities, where a dictionary of strings took about 110.
///
/// A slot holds the identity's arena offset (bits 0...39), its entry's number (bits
/// 40...61), "taken" (bit 62: `take` found it) and "occupied" (bit 63). Entries past
/// 2^22 distinct ones (a hostile file, not a snapshot) go to a dictionary.
struct SnapshotEntries {
  /// Identities, each followed by a newline (no identity holds one: the file is split
  /// on newlines).
  private var arena: [UInt8] = []
  private var slots: [UInt64] = []
  private var used = 0
  private var distinct: [Snapshot.Entry] = []
  private var numbers: [Snapshot.Entry: Int] = [:]
  private var others: [String: Snapshot.Entry] = [:]
  private var othersTaken: Set<String> = []

  private static let occupied: UInt64 = 1 << 63
  private static let taken: UInt64 = 1 << 62
  private static let offsetMask: UInt64 = (1 << 40) - 1
  private static let entryShift: UInt64 = 40
  private static let maximumDistinct = 1 << 22

  init() {}

  var count: Int { used + others.count }

  /// Adds `identity`; false (and nothing added) when it is there already.
  mutating func insert(_ identity: some Collection<UInt8>, _ entry: Snapshot.Entry) -> Bool {
    let bytes = Array(identity)
    if find(bytes) != nil { return false }
    let key = String(decoding: bytes, as: UTF8.self)
    if others[key] != nil { return false }
    var number = numbers[entry]
    if number == nil, distinct.count < Self.maximumDistinct {
      number = distinct.count
      numbers[entry] = distinct.count
      distinct.append(entry)
    }
    guard let number, UInt64(arena.count) < Self.offsetMask else {
      others[key] = entry
      return true
    }
    if (used + 1) * 4 > slots.count * 3 { grow() }
    let offset = UInt64(arena.count)
    arena += bytes
    arena.append(0x0A)
    var slot = Self.hash(bytes) & (slots.count - 1)
    while slots[slot] & Self.occupied != 0 { slot = (slot + 1) & (slots.count - 1) }
    slots[slot] = Self.occupied | UInt64(number) << Self.entryShift | offset
    used += 1
    return true
  }

  /// The entry of `identity`, marked taken so that it is not left over; nil when it is
  /// not there or was taken before.
  mutating func take(_ identity: String) -> Snapshot.Entry? {
    let bytes = Array(identity.utf8)
    if let slot = find(bytes) {
      guard slots[slot] & Self.taken == 0 else { return nil }
      slots[slot] |= Self.taken
      return distinct[Int(slots[slot] >> Self.entryShift & (1 << 22 - 1))]
    }
    guard let entry = others[identity], !othersTaken.contains(identity) else { return nil }
    othersTaken.insert(identity)
    return entry
  }

  /// Every entry not taken, in no particular order.
  var leftovers: [(identity: String, entry: Snapshot.Entry)] {
    var out: [(identity: String, entry: Snapshot.Entry)] = []
    for slot in slots where slot & Self.occupied != 0 && slot & Self.taken == 0 {
      out.append((identity(at: slot), distinct[Int(slot >> Self.entryShift & (1 << 22 - 1))]))
    }
    for (identity, entry) in others where !othersTaken.contains(identity) {
      out.append((identity, entry))
    }
    return out
  }

  /// Every entry, taken or not (for tests and small snapshots).
  var all: [String: Snapshot.Entry] {
    var out = others
    for slot in slots where slot & Self.occupied != 0 {
      out[identity(at: slot)] = distinct[Int(slot >> Self.entryShift & (1 << 22 - 1))]
    }
    return out
  }

  private func identity(at slot: UInt64) -> String {
    let start = Int(slot & Self.offsetMask)
    var end = start
    while arena[end] != 0x0A { end += 1 }
    return String(decoding: arena[start..<end], as: UTF8.self)
  }

  /// The slot holding `bytes`, if any.
  private func find(_ bytes: [UInt8]) -> Int? {
    guard !slots.isEmpty else { return nil }
    var slot = Self.hash(bytes) & (slots.count - 1)
    while slots[slot] & Self.occupied != 0 {
      if matches(slots[slot], bytes) { return slot }
      slot = (slot + 1) & (slots.count - 1)
    }
    return nil
  }

  private func matches(_ slot: UInt64, _ bytes: [UInt8]) -> Bool {
    let start = Int(slot & Self.offsetMask)
    guard start + bytes.count < arena.count, arena[start + bytes.count] == 0x0A else {
      return false
    }
    return arena.withUnsafeBufferPointer { arena in
      bytes.withUnsafeBufferPointer { bytes in
        bytes.isEmpty
          || memcmp(arena.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
      }
    }
  }

  /// FNV-1a, then splitmix64's finalizer to spread it over the table.
  private static func hash(_ bytes: [UInt8]) -> Int {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return Int(truncatingIfNeeded: SeededRandom.mix(hash))
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: max(1024, old.count * 2))
    for slot in old where slot & Self.occupied != 0 {
      let start = Int(slot & Self.offsetMask)
      var end = start
      while arena[end] != 0x0A { end += 1 }
      var index = Self.hash(Array(arena[start..<end])) & (slots.count - 1)
      while slots[index] & Self.occupied != 0 { index = (index + 1) & (slots.count - 1) }
      slots[index] = slot
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
