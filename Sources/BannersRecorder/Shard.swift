import BannersCore

/// `--shard I/N`: the I-th of N disjoint parts of a target list, so that N machines
/// can split one list with no overlap and no gap.
///
/// A target's part is a hash of its address and port, not its position, so the parts
/// do not depend on the order of the list or on `--shuffle`.
public struct Shard: Sendable, Hashable {
  /// 1-based.
  public var index: Int
  public var count: Int

  /// Parses `I/N` with 1 <= I <= N.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
      count >= 1, (1...count).contains(index)
    else { return nil }
    self.index = index
    self.count = count
  }

  public func contains(_ target: Target) -> Bool {
    var hash = SeededRandom.mix(UInt64(truncatingIfNeeded: target.address.value))
    hash = SeededRandom.mix(hash ^ UInt64(truncatingIfNeeded: target.address.value >> 64))
    hash = SeededRandom.mix(
      hash ^ UInt64(target.port) ^ (target.address.family == .v6 ? 1 << 32 : 0))
    return Int(hash % UInt64(count)) == index - 1
  }
}
