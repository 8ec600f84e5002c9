/// SeededRandom: a small, fast generator whose whole state is its seed, so a seed gives
/// the same sequence on every machine and every run: `record --seed` (shuffle, sample,
/// shard), `generate-corpus`, the tests' generated banners and the benchmark.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// The SeededRandom finaliser: a good 64-bit hash of `value`.
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
