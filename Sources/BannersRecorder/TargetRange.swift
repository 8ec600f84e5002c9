/// One line of a target list: a single address or a CIDR block, with an optional port.
///
/// | line                   | range                              |
/// |------------------------|------------------------------------|
/// | `192.0.2.7`            | one address, the default port      |
/// | `192.0.2.7:2525`       | one address, port 2525             |
/// | `192.0.2.0/24`         | 256 addresses                      |
/// | `192.0.2.0/30:2525`    | 4 addresses, port 2525             |
/// | `2001:db8::1`          | one IPv6 address                   |
/// | `[2001:db8::1]:2525`   | one IPv6 address, port 2525        |
/// | `[2001:db8::/126]:25`  | 4 IPv6 addresses, port 25          |
///
/// A block's host bits are cleared (`192.0.2.9/24` is `192.0.2.0/24`), as routers read it.
/// Text after `#` is a comment.
public struct TargetRange: Hashable, Sendable {
  public var first: IPAddress
  /// The last address, inclusive (a /0 IPv6 block has 2^128 addresses, one more than
  /// UInt128 counts).
  public var last: IPAddress
  /// nil: the run's `--port`.
  public var port: Int?

  public init(first: IPAddress, last: IPAddress, port: Int? = nil) {
    self.first = first
    self.last = last
    self.port = port
  }

  /// Addresses in the range, saturating at `UInt128.max`.
  public var count: UInt128 {
    let span = last.value - first.value
    return span == .max ? .max : span + 1
  }

  /// The address at `offset` from the first.
  public func address(at offset: UInt128) -> IPAddress {
    IPAddress(family: first.family, value: first.value + offset)
  }

  /// Parses one line; nil for a blank or comment line.
  ///
  /// - Throws: a message saying what is wrong and what is expected.
  public static func parse(_ line: some StringProtocol) throws(TargetSyntaxError) -> TargetRange? {
    var text = Substring(line)
    if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
    text = text.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
    while let last = text.last, last == " " || last == "\t" || last == "\r" {
      text = text.dropLast()
    }
    guard !text.isEmpty else { return nil }

    var body = text
    var port: Int?
    if body.first == "[" {
      guard let close = body.firstIndex(of: "]") else {
        throw TargetSyntaxError("'[' without ']': write IPv6 with a port as [2001:db8::1]:25")
      }
      let rest = body[body.index(after: close)...]
      body = body[body.index(after: body.startIndex)..<close]
      if !rest.isEmpty {
        guard rest.first == ":" else { throw TargetSyntaxError("expected ':PORT' after ']'") }
        port = try parsePort(rest.dropFirst())
      }
    } else if body.filter({ $0 == ":" }).count == 1, let colon = body.firstIndex(of: ":") {
      port = try parsePort(body[body.index(after: colon)...])
      body = body[..<colon]
    }

    var prefixLength: Int?
    if let slash = body.firstIndex(of: "/") {
      guard let length = Int(body[body.index(after: slash)...]) else {
        throw TargetSyntaxError("a CIDR block ends with /LENGTH, as in 192.0.2.0/24")
      }
      prefixLength = length
      body = body[..<slash]
    }
    guard let address = IPAddress(body) else {
      throw TargetSyntaxError(
        "'\(body)' is not an IPv4 or IPv6 address (targets are addresses or CIDR blocks)")
    }
    guard let prefixLength else { return TargetRange(first: address, last: address, port: port) }
    let bits = address.family.bits
    guard (0...bits).contains(prefixLength) else {
      throw TargetSyntaxError("prefix length /\(prefixLength) is outside 0...\(bits)")
    }
    let hostBits = bits - prefixLength
    let hostMask: UInt128 = hostBits == 128 ? .max : (UInt128(1) << UInt128(hostBits)) - 1
    let network = address.value & ~hostMask
    return TargetRange(
      first: IPAddress(family: address.family, value: network),
      last: IPAddress(family: address.family, value: network | hostMask), port: port)
  }

  private static func parsePort(_ text: Substring) throws(TargetSyntaxError) -> Int {
    guard let port = Int(text), (1...65535).contains(port) else {
      throw TargetSyntaxError("'\(text)' is not a port from 1 to 65535")
    }
    return port
  }
}

/// Why a target-list line could not be read; the reader adds file and line.
public struct TargetSyntaxError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
