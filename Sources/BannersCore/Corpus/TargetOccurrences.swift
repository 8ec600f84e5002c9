#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many times each target has occurred so far, for numbering repeats (`#2`): about
/// 8 bytes per IPv4 target and 16 per IPv6 target (24 when IPv6 addresses spread over
/// more than a million /64 prefixes), where a dictionary of strings took about 130.
///
///     var occurrences = TargetOccurrences()
///     occurrences.count(address: "192.0.2.1", port: 25)   // 1
///     occurrences.count(address: "192.0.2.1", port: 25)   // 2
///
/// Exact: an address is stored in binary only when it is the canonical text of its
/// bytes (dotted decimal; RFC 5952 for IPv6), so two different texts never share a key;
/// any other text (`192.0.2.01`, `2001:DB8::1`, `::ffff:192.0.2.1`, a host name) is
/// counted by its text.
package struct TargetOccurrences {
  /// IPv4: key bits 0...31 the address.
  private var ipv4 = OccurrenceTable(keyWords: 1)
  /// IPv6 whose upper half is interned: word 0 the lower 64 bits, key bits 0...31 of
  /// word 1 the prefix's index in `prefixes`.
  private var ipv6 = OccurrenceTable(keyWords: 2)
  /// IPv6 once `prefixes` is full: words 0 and 1 the address.
  private var ipv6Wide = OccurrenceTable(keyWords: 3)
  private var prefixes: [UInt64: UInt64] = [:]
  private var others = TextOccurrenceTable()

  /// At most this many distinct /64 prefixes are interned (about 40 MiB for a million);
  /// addresses in further prefixes take 24 bytes instead of 16.
  private let maximumPrefixes: Int

  package init(maximumPrefixes: Int = 1 << 20) {
    self.maximumPrefixes = maximumPrefixes
  }

  /// Counts one more occurrence of `target` (a record's `addr:port`, from `address` and
  /// `port`) and returns its number: 1 the first time.
  package mutating func count(target: String, address: String, port: Int?) -> Int {
    var target = target
    let key = Self.key(target: target, address: address, port: port)
    return target.withUTF8 { count(key, text: $0) }
  }

  /// Counts one more occurrence of the target whose key is `key` (`key(target:address:
  /// port:)`); `text` is the target's text, read only for a `.text` key.
  package mutating func count(_ key: TargetKey, text: UnsafeBufferPointer<UInt8>) -> Int {
    switch key {
    case .ipv4(let bits): return ipv4.count(OccurrenceKey(bits))
    case .ipv6(let high, let low, let portBits):
      if let index = prefixes[high] {
        return ipv6.count(OccurrenceKey(low, index | portBits))
      }
      if prefixes.count < maximumPrefixes {
        let index = UInt64(prefixes.count)
        prefixes[high] = index
        return ipv6.count(OccurrenceKey(low, index | portBits))
      }
      return ipv6Wide.count(OccurrenceKey(high, low, portBits))
    case .text(let hash): return others.count(text, hash: hash)
    }
  }

  /// The binary form of a target, computed apart from counting it: where the record is
  /// parsed (on a worker), so that the thread counting in corpus order only probes a
  /// table. Parsing and checking the address text is most of the work.
  package static func key(target: String, address: String, port: Int?) -> TargetKey {
    var target = target
    var address = address
    return target.withUTF8 { target in
      address.withUTF8 { key(target: target, address: $0, port: port) }
    }
  }

  /// `key(target:address:port:)` of the target's and the address's UTF-8 bytes.
  package static func key(
    target: UnsafeBufferPointer<UInt8>, address: UnsafeBufferPointer<UInt8>, port: Int?
  ) -> TargetKey {
    let portBits: UInt64
    switch port {
    case nil: portBits = 0
    case .some(let port) where (0...0xFFFF).contains(port):
      portBits = (UInt64(port) | 0x1_0000) << 32
    case .some: return .text(hash: TextOccurrenceTable.hash(target))
    }
    // No address text is this long (INET6_ADDRSTRLEN is 46 with its zero).
    guard address.count < 64 else { return .text(hash: TextOccurrenceTable.hash(target)) }
    // `inet_pton` reads a C string: the address copied to the stack with its zero (a
    // `String` argument would be copied to the heap when it is stored inline).
    let key = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { cString -> TargetKey? in
      guard let base = cString.baseAddress else { return nil }
      if let source = address.baseAddress {
        UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: address.count)
      }
      base[address.count] = 0
      if !address.contains(UInt8(ascii: ":")) {
        var binary = in_addr()
        guard inet_pton(AF_INET, base, &binary) == 1 else { return nil }
        let value = UInt32(bigEndian: binary.s_addr)
        return isCanonicalIPv4(address, value) ? .ipv4(UInt64(value) | portBits) : nil
      }
      var binary = in6_addr()
      guard inet_pton(AF_INET6, base, &binary) == 1 else { return nil }
      let (high, low) = withUnsafeBytes(of: &binary) { bytes in
        (
          UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
          UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        )
      }
      return isCanonicalIPv6(address, high, low)
        ? .ipv6(high: high, low: low, portBits: portBits) : nil
    }
    return key ?? .text(hash: TextOccurrenceTable.hash(target))
  }

  package mutating func removeAll() {
    self = TargetOccurrences(maximumPrefixes: maximumPrefixes)
  }

  /// Whether `text` is the address's dotted decimal text without leading zeros (what
  /// `inet_ntop` writes).
  static func isCanonicalIPv4(_ text: UnsafeBufferPointer<UInt8>, _ value: UInt32) -> Bool {
    var index = 0
    func expect(_ byte: UInt8) -> Bool {
      guard index < text.count, text[index] == byte else { return false }
      index += 1
      return true
    }
    for shift in stride(from: 24, through: 0, by: -8) {
      let byte = UInt8(truncatingIfNeeded: value >> UInt32(shift))
      if shift != 24 { guard expect(UInt8(ascii: ".")) else { return false } }
      if byte >= 100 { guard expect(UInt8(ascii: "0") + byte / 100) else { return false } }
      if byte >= 10 { guard expect(UInt8(ascii: "0") + byte / 10 % 10) else { return false } }
      guard expect(UInt8(ascii: "0") + byte % 10) else { return false }
    }
    return index == text.count
  }

  /// Whether `text` is the RFC 5952 text of the address: groups in lower-case hex without
  /// leading zeros, the longest run of two or more zero groups (the first, on a tie) as
  /// `::`, and no dotted IPv4 part. Any fixed text per address keeps keys exact; this is
  /// written out rather than asked of `inet_ntop`, whose `sprintf` cost more than the
  /// rest of numbering a record, and it agrees with glibc's `inet_ntop` except for the
  /// dotted forms (`::ffff:192.0.2.1`), which are counted by their text.
  static func isCanonicalIPv6(_ text: UnsafeBufferPointer<UInt8>, _ high: UInt64, _ low: UInt64)
    -> Bool
  {
    func group(_ index: Int) -> Int {
      Int(truncatingIfNeeded: (index < 4 ? high : low) >> (48 - 16 * (index & 3)) & 0xFFFF)
    }
    var runStart = -1
    var runLength = 0
    var index = 0
    while index < 8 {
      guard group(index) == 0 else {
        index += 1
        continue
      }
      let start = index
      while index < 8 && group(index) == 0 { index += 1 }
      if index - start > runLength {
        runStart = start
        runLength = index - start
      }
    }
    if runLength < 2 { runStart = -1 }
    var position = 0
    func expect(_ byte: UInt8) -> Bool {
      guard position < text.count, text[position] == byte else { return false }
      position += 1
      return true
    }
    index = 0
    while index < 8 {
      if index == runStart {
        guard expect(UInt8(ascii: ":")), expect(UInt8(ascii: ":")) else { return false }
        index += runLength
        continue
      }
      if index != 0 && index != runStart + runLength {
        guard expect(UInt8(ascii: ":")) else { return false }
      }
      let value = group(index)
      var shift = value == 0 ? 0 : (Int.bitWidth - value.leadingZeroBitCount - 1) / 4 * 4
      while shift >= 0 {
        let digit = UInt8(truncatingIfNeeded: value >> shift & 15)
        guard expect(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") - 10 + digit)
        else { return false }
        shift -= 4
      }
      index += 1
    }
    return position == text.count
  }
}

/// A target as `TargetOccurrences` counts it: an address in binary (when its text is
/// canonical) with the port's bits, or the hash of the target's text.
package enum TargetKey: Sendable, Hashable {
  /// The address's 32 bits, the port's bits above them.
  case ipv4(UInt64)
  /// The address's upper and lower halves; the port's bits.
  case ipv6(high: UInt64, low: UInt64, portBits: UInt64)
  /// Counted by the target's text, whose hash this is (`TextOccurrenceTable.hash`).
  case text(hash: UInt64)
}

/// One to three words; the last used one holds at most 49 bits.
struct OccurrenceKey: Hashable {
  var words: (UInt64, UInt64, UInt64)

  init(_ first: UInt64, _ second: UInt64 = 0, _ third: UInt64 = 0) {
    words = (first, second, third)
  }

  subscript(_ index: Int) -> UInt64 {
    get {
      switch index {
      case 0: words.0
      case 1: words.1
      default: words.2
      }
    }
    set {
      switch index {
      case 0: words.0 = newValue
      case 1: words.1 = newValue
      default: words.2 = newValue
      }
    }
  }

  static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

  func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
  }
}

/// An open-addressing hash table (linear probing) of fixed-width binary keys, each with
/// its number of occurrences packed beside it: `keyWords` 64-bit words per slot, the
/// last of which holds key bits 0...48, the count in bits 49...62 and "occupied" in bit
/// 63. A count past 14 bits goes on in `overflow`.
struct OccurrenceTable {
  let keyWords: Int
  private var slots: [UInt64]
  private var used = 0
  private var mask: Int
  private var overflow: [OccurrenceKey: Int] = [:]

  private static let occupied: UInt64 = 1 << 63
  private static let countShift: UInt64 = 49
  private static let countMask: UInt64 = (1 << 14) - 1
  private static let keyMask: UInt64 = (1 << 49) - 1

  init(keyWords: Int) {
    self.keyWords = keyWords
    self.mask = 0
    self.slots = []
  }

  /// Counts one more occurrence of `key` (its last word within bits 0...48) and
  /// returns its number.
  mutating func count(_ key: OccurrenceKey) -> Int {
    precondition(key[keyWords - 1] & ~Self.keyMask == 0)
    if (used + 1) * 4 > slots.count / keyWords * 3 { grow() }
    let last = keyWords - 1
    var slot = Self.hash(key) & mask
    while true {
      let base = slot * keyWords
      let tail = slots[base + last]
      if tail & Self.occupied == 0 {
        for word in 0..<last { slots[base + word] = key[word] }
        slots[base + last] = key[last] | Self.occupied | (1 << Self.countShift)
        used += 1
        return 1
      }
      if tail & Self.keyMask == key[last], (0..<last).allSatisfy({ slots[base + $0] == key[$0] }) {
        let count = (tail >> Self.countShift) & Self.countMask
        if count < Self.countMask {
          slots[base + last] = tail + (1 << Self.countShift)
          return Int(count) + 1
        }
        let occurrence = (overflow[key] ?? Int(Self.countMask)) + 1
        overflow[key] = occurrence
        return occurrence
      }
      slot = (slot + 1) & mask
    }
  }

  /// splitmix64's finalizer over the words: cheap, and it spreads the sequential
  /// addresses of a survey over the table.
  private static func hash(_ key: OccurrenceKey) -> Int {
    func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
      let product = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
      return product ^ (product >> 31)
    }
    var hash = mix(mix(mix(0x9E37_79B9_7F4A_7C15, key.words.0), key.words.1), key.words.2)
    hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: hash ^ (hash >> 31))
  }

  private mutating func grow() {
    let capacity = max(1024, (mask + 1) * 2)
    let old = slots
    slots = []  // release the old storage's uniqueness before allocating the new one
    slots = [UInt64](repeating: 0, count: capacity * keyWords)
    mask = capacity - 1
    let last = keyWords - 1
    var key = OccurrenceKey(0)
    for base in stride(from: 0, to: old.count, by: keyWords)
    where old[base + last] & Self.occupied != 0 {
      for word in 0..<keyWords { key[word] = old[base + word] }
      key[last] &= Self.keyMask
      var slot = Self.hash(key) & mask
      while slots[slot * keyWords + last] & Self.occupied != 0 { slot = (slot + 1) & mask }
      for word in 0..<keyWords { slots[slot * keyWords + word] = old[base + word] }
    }
  }
}

/// Occurrences of texts (targets whose address is no canonical IP address): the texts'
/// bytes in one arena, and an open-addressing table (linear probing) of their hashes,
/// places and counts. No `String` per target, and the hash comes from the caller (made
/// on a worker).
struct TextOccurrenceTable {
  private struct Slot {
    var hash: UInt64 = 0
    var offset = 0
    var length = 0
    /// 0 for a free slot.
    var count = 0
  }

  private var arena: [UInt8] = []
  private var slots: [Slot] = []
  private var used = 0

  /// FNV-1a over the bytes, then splitmix64's finalizer.
  static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return SeededRandom.mix(hash)
  }

  /// Counts one more occurrence of `text` (whose `hash(_:)` is `hash`) and returns its
  /// number: 1 the first time.
  mutating func count(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
    if (used + 1) * 4 > slots.count * 3 { grow() }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry.count == 0 {
        slots[slot] = Slot(hash: hash, offset: arena.count, length: text.count, count: 1)
        arena.append(contentsOf: text)
        used += 1
        return 1
      }
      if entry.hash == hash, entry.length == text.count,
        arena[entry.offset..<entry.offset + entry.length].elementsEqual(text)
      {
        slots[slot].count += 1
        return entry.count + 1
      }
      slot = (slot + 1) & mask
    }
  }

  private mutating func grow() {
    let old = slots
    slots = []  // release the old storage's uniqueness before allocating the new one
    slots = Array(repeating: Slot(), count: max(256, old.count * 2))
    let mask = slots.count - 1
    for entry in old where entry.count > 0 {
      var slot = Int(truncatingIfNeeded: entry.hash) & mask
      while slots[slot].count != 0 { slot = (slot + 1) & mask }
      slots[slot] = entry
    }
  }
}
