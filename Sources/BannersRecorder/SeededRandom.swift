/// SplitMix64: a small, fast generator whose whole state is its seed, so `--seed`
/// gives the same shuffle and the same sample on every machine and every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// The SplitMix64 finaliser: a good 64-bit hash of `value`.
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A random permutation of `0..<count` computed index by index, in constant memory: a
/// four-round Feistel network over the smallest even number of bits that holds
/// `count`, walking the cycle until the value falls inside (as zmap walks its group).
///
/// That is how `--shuffle` orders 16 million addresses without a 16-million-entry array.
public struct IndexPermutation: Sendable {
  public let count: UInt64
  private let halfBits: UInt64
  private let keys: [UInt64]

  public init(count: UInt64, seed: UInt64) {
    precondition(count <= UInt64(1) << 62, "counts above 2^62 are rejected before")
    self.count = count
    var bits: UInt64 = 2
    while bits < 64, UInt64(1) << bits < count { bits += 2 }
    halfBits = bits / 2
    var random = SeededRandom(seed: seed)
    keys = (0..<4).map { _ in random.next() }
  }

  /// The index that comes `position`-th in the shuffled order.
  public func index(at position: UInt64) -> UInt64 {
    var value = position
    repeat { value = encrypt(value) } while value >= count
    return value
  }

  private func encrypt(_ value: UInt64) -> UInt64 {
    let mask = (UInt64(1) << halfBits) - 1
    var left = value >> halfBits
    var right = value & mask
    for key in keys {
      let next = left ^ (SeededRandom.mix(right ^ key) & mask)
      left = right
      right = next
    }
    return left << halfBits | right
  }
}
