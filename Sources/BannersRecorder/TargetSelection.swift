/// Which targets of a list to probe, and in what order: `--port`, `--shuffle`,
/// `--seed`, `--sample`, `--shard`.
public struct TargetSelection: Sendable {
  /// For lines without `:PORT`.
  public var defaultPort = 25
  public var shuffle = false
  /// Makes `shuffle` and `sample` repeatable (and the same on every shard).
  public var seed: UInt64 = 0
  /// Probe a random `sample` of the list, as the 1997 survey drew 200,000 of 15,994,616.
  public var sample: UInt64?
  public var shard: Shard?

  public init() {}

  /// Whether the whole list must be read before the first target: a shuffle or a sample
  /// needs the count. Memory is then one interval per line (adjacent addresses merged),
  /// never one entry per address of a block.
  var needsWholeList: Bool { shuffle || sample != nil }
}
