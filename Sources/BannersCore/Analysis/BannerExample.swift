/// One example banner kept by an analysis: where it came from and (the start of) its
/// bytes. Examples are few and bounded, so a report's memory does not grow with the
/// corpus.
public struct BannerExample: Sendable, Hashable {
  /// The corpus line it came from.
  public var source: SourceLocation
  /// `addr:port`, when the record has an address.
  public var target: String?
  /// The banner, cut to `BannerExample.storedBytes`.
  public var banner: [UInt8]

  /// How many bytes of an example banner are kept (a hostile corpus may hold huge ones).
  public static let storedBytes = 2048

  public init(source: SourceLocation, target: String?, banner: [UInt8]) {
    self.source = source
    self.target = target
    self.banner = banner.count > Self.storedBytes ? Array(banner.prefix(Self.storedBytes)) : banner
  }

  init(_ record: CorpusRecord) {
    self.init(source: record.source, target: record.target, banner: record.banner ?? [])
  }

  /// The example `init(_:)` makes of the record on a plain JSON Lines line, from what
  /// the fast path read of it in place (`JSONRecordFastPath.outcomeAndBanner`).
  init(_ record: JSONRecordFastPath.OutcomeAndBanner, source: SourceLocation) {
    let address = record.address.map { String(decoding: $0, as: UTF8.self) }
    let target =
      CorpusRecord(address: address, port: record.port, outcome: .ok, source: source).target
    self.source = source
    self.target = target
    self.banner = record.banner.map { Array($0.prefix(Self.storedBytes)) } ?? []
  }

  /// `192.0.2.7:25 (corpus.jsonl:12)`, or `corpus.txt:12` without an address.
  public var origin: String {
    target.map { "\($0) (\(source))" } ?? source.description
  }
}

extension Array where Element == BannerExample {
  /// Appends `record` as an example while fewer than `limit` are kept.
  mutating func keep(_ record: CorpusRecord, limit: Int) {
    if count < limit { append(BannerExample(record)) }
  }
}
