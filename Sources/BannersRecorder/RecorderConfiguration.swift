import NIOCore

/// How `Recorder` probes: the knobs of `banners record`.
public struct RecorderConfiguration: Sendable {
  /// Connections in flight at once (250 in the 1997 survey).
  public var concurrency = 250
  /// New connections per second at most; nil for no limit.
  public var rate: Double?
  /// How long a connection may take (NIO's `connectTimeout`).
  public var connectTimeout: Duration = .seconds(10)
  /// How long the greeting, and then the reply to the probe, may take each.
  public var readTimeout: Duration = .seconds(20)
  /// The most bytes kept from one target.
  public var maxBytes = 64 * 1024
  /// Sent after the greeting; nil for greeting-only protocols.
  public var probe: [UInt8]? = Array("HELP\r\n".utf8)
  /// Never contacted (`--exclude`), checked before every connect.
  public var exclusions = AddressSet()
  /// Identities (`addr:port`) already recorded (`--resume`): skipped.
  public var alreadyRecorded: Set<String> = []

  public init() {}
}

extension TimeAmount {
  /// NIO's amount for a standard-library duration, to the nanosecond (the knobs are
  /// `Duration`, so a caller of the recorder needs no NIO type).
  init(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
