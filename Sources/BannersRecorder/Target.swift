/// One thing to probe: an address and a port.
public struct Target: Hashable, Sendable, CustomStringConvertible {
  public var address: IPAddress
  public var port: Int

  public init(address: IPAddress, port: Int) {
    self.address = address
    self.port = port
  }

  /// `addr:port`, `[v6]:port` for IPv6: the record identity that `--resume` matches,
  /// the same text as `CorpusRecord.target`.
  public var identity: String {
    address.family == .v6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }

  public var description: String { identity }
}
