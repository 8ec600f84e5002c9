import BannersCore

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
