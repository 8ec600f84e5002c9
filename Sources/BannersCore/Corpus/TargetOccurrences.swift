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
/// bytes (what `inet_ntop` writes), so two different texts never share a key; any other
/// text (`192.0.2.01`, `2001:DB8::1`, a host name) is counted by its text.
package struct TargetOccurrences {
  /// IPv4: key bits 0...31 the address.
  private var ipv4 = OccurrenceTable(keyWords: 1)
  /// IPv6 whose upper half is interned: word 0 the lower 64 bits, key bits 0...31 of
  /// word 1 the prefix's index in `prefixes`.
  private var ipv6 = OccurrenceTable(keyWords: 2)
  /// IPv6 once `prefixes` is full: words 0 and 1 the address.
  private var ipv6Wide = OccurrenceTable(keyWords: 3)
  private var prefixes: [UInt64: UInt64] = [:]
  private var others: [String: Int] = [:]

  /// At most this many distinct /64 prefixes are interned (about 40 MiB for a million);
  /// addresses in further prefixes take 24 bytes instead of 16.
  private let maximumPrefixes: Int

  package init(maximumPrefixes: Int = 1 << 20) {
    self.maximumPrefixes = maximumPrefixes
  }

  /// Counts one more occurrence of `target` (a record's `addr:port`, from `address` and
  /// `port`) and returns its number: 1 the first time.
  package mutating func count(target: String, address: String, port: Int?) -> Int {
    let portBits: UInt64
    switch port {
    case nil: portBits = 0
    case .some(let port) where (0...0xFFFF).contains(port):
      portBits = (UInt64(port) | 0x1_0000) << 32
    case .some: return countText(target)
    }
    if let ipv4Address = Self.canonicalIPv4(address) {
      return ipv4.count(OccurrenceKey(UInt64(ipv4Address) | portBits))
    }
    if let (high, low) = Self.canonicalIPv6(address) {
      if let index = prefixes[high] {
        return ipv6.count(OccurrenceKey(low, index | portBits))
      }
      if prefixes.count < maximumPrefixes {
        let index = UInt64(prefixes.count)
        prefixes[high] = index
        return ipv6.count(OccurrenceKey(low, index | portBits))
      }
      return ipv6Wide.count(OccurrenceKey(high, low, portBits))
    }
    return countText(target)
  }

  private mutating func countText(_ text: String) -> Int {
    let occurrence = (others[text] ?? 0) + 1
    others[text] = occurrence
    return occurrence
  }

  package mutating func removeAll() {
    self = TargetOccurrences(maximumPrefixes: maximumPrefixes)
  }

  /// The address's 32 bits (network order as a number), if `text` is exactly what
  /// `inet_ntop` writes for them.
  static func canonicalIPv4(_ text: String) -> UInt32? {
    var address = in_addr()
    guard inet_pton(AF_INET, text, &address) == 1, isCanonical(text, AF_INET, &address)
    else { return nil }
    return UInt32(bigEndian: address.s_addr)
  }

  /// The address's upper and lower 64 bits, if `text` is exactly what `inet_ntop`
  /// writes for them.
  static func canonicalIPv6(_ text: String) -> (UInt64, UInt64)? {
    var address = in6_addr()
    guard inet_pton(AF_INET6, text, &address) == 1, isCanonical(text, AF_INET6, &address)
    else { return nil }
    return withUnsafeBytes(of: &address) { bytes in
      (
        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
      )
    }
  }

  private static func isCanonical<Address>(
    _ text: String, _ family: Int32, _ address: inout Address
  ) -> Bool {
    // INET6_ADDRSTRLEN is 46 with the terminating zero.
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
      let written = withUnsafeBytes(of: &address) {
        inet_ntop(family, $0.baseAddress, buffer.baseAddress, 64)
      }
      guard written != nil else { return false }
      var utf8 = text.utf8.makeIterator()
      for index in 0..<64 {
        let byte = utf8.next()
        if buffer[index] == 0 { return byte == nil }
        guard byte == UInt8(bitPattern: buffer[index]) else { return false }
      }
      return false
    }
  }
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
