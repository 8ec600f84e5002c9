/// One line of a corpus: a target, when it was probed, its outcome and, when `ok`, the
/// banner it sent back.
///
///     {"addr":"192.0.2.7","port":25,"time":"1998-05-11T03:10:02Z","outcome":"ok","banner":"220 ...\r\n"}
///     {"addr":"192.0.2.9","port":25,"time":"1998-05-11T03:10:02Z","outcome":"timed out"}
public struct CorpusRecord: Sendable, Hashable {
  /// The target's address (IPv4 or IPv6 text); nil for plain-text corpora.
  public var address: String?
  public var port: Int?
  /// When it was probed, as written (RFC 3339 by convention).
  public var time: String? {
    get { storedTime?.string }
    set { storedTime = newValue.map(InlineText.init) }
  }
  /// `time` without a heap allocation per record: it is on every corpus line and read
  /// only by `convert`.
  var storedTime: InlineText?
  public var outcome: Outcome
  /// The bytes received, exactly. Present for `ok`; may be present for a failure that
  /// came after some bytes.
  public var banner: [UInt8]?
  /// Where the record came from: file and line.
  public var source: SourceLocation

  public init(
    address: String? = nil, port: Int? = nil, time: String? = nil, outcome: Outcome,
    banner: [UInt8]? = nil, source: SourceLocation
  ) {
    self.address = address
    self.port = port
    self.storedTime = time.map(InlineText.init)
    self.outcome = outcome
    self.banner = banner
    self.source = source
  }

  /// The longest corpus line any reader accepts (`CorpusReader`, `--resume`).
  public static let maximumLineLength = 16 << 20

  /// The longest banner a writer may put in one record (`record --max-bytes`), so that
  /// every line it writes reads back: in JSON a byte takes at most six bytes (`\u0000`;
  /// a C1 code is three per byte, invalid UTF-8 four per three in base64), so a banner
  /// of 2 MiB is at most 12 MiB of line, well under `maximumLineLength` with the other
  /// members.
  public static let maximumBannerLength = 2 << 20

  /// `target`'s bytes for `address` (this record's), appended to `bytes` without a
  /// `String` between: per-record output names every record by it.
  func appendTarget(address: String, to bytes: inout [UInt8]) {
    var text = address
    text.withUTF8 { utf8 in
      // As `target` decides: Character comparison only for non-ASCII text.
      let bracketed =
        utf8.contains(UInt8(ascii: ":")) && (utf8.allSatisfy { $0 < 0x80 } || address.contains(":"))
      if bracketed { bytes.append(UInt8(ascii: "[")) }
      bytes.append(contentsOf: utf8)
      if bracketed { bytes.append(UInt8(ascii: "]")) }
    }
    if let port {
      bytes.append(UInt8(ascii: ":"))
      bytes.append(contentsOf: String(port).utf8)
    }
  }

  /// The target as `addr:port` (`[2001:db8::1]:25` for IPv6), or nil without an address.
  public var target: String? {
    guard let address else { return nil }
    // Bytes first (this runs per record of per-record output); Character comparison,
    // which sees ":" plus a combining mark as another character, only for non-ASCII.
    var text = address
    let (colonByte, isASCII) = text.withUTF8 { bytes in
      (bytes.contains(UInt8(ascii: ":")), bytes.allSatisfy { $0 < 0x80 })
    }
    let hasColon = colonByte && (isASCII || address.contains(":"))
    let host = hasColon ? "[\(address)]" : address
    return port.map { "\(host):\($0)" } ?? host
  }
}
