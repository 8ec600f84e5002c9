#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An IPv4 or IPv6 address as a number, so that CIDR blocks expand by counting and
/// exclusion lists are intervals.
///
///     IPAddress("127.0.0.2")?.value        // 0x7F000002
///     IPAddress("::1")?.description        // "::1"
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
  public enum Family: Sendable, Hashable {
    case v4
    case v6

    /// Address width in bits.
    public var bits: Int { self == .v4 ? 32 : 128 }
  }

  public var family: Family
  /// The address as a number, most significant byte first (network order).
  public var value: UInt128

  public init(family: Family, value: UInt128) {
    self.family = family
    self.value = value
  }

  /// Parses dotted IPv4 (`192.0.2.7`) or IPv6 text (`2001:db8::1`), or nil.
  public init?(_ text: some StringProtocol) {
    let string = String(text)
    var v4 = in_addr()
    if inet_pton(AF_INET, string, &v4) == 1 {
      self.init(family: .v4, value: UInt128(UInt32(bigEndian: v4.s_addr)))
      return
    }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, string, &v6) == 1 else { return nil }
    var value: UInt128 = 0
    withUnsafeBytes(of: &v6) { bytes in
      for byte in bytes { value = value << 8 | UInt128(byte) }
    }
    self.init(family: .v6, value: value)
  }

  /// The canonical text: dotted quad, or RFC 5952 IPv6 (what `inet_ntop` writes).
  public var description: String {
    switch family {
    case .v4:
      let v = UInt32(truncatingIfNeeded: value)
      return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
    case .v6:
      var v6 = in6_addr()
      withUnsafeMutableBytes(of: &v6) { bytes in
        for index in 0..<16 {
          bytes[index] = UInt8(truncatingIfNeeded: value >> UInt128((15 - index) * 8))
        }
      }
      var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
      guard inet_ntop(AF_INET6, &v6, &text, socklen_t(text.count)) != nil else { return "::" }
      return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  /// Whether the address is in 127.0.0.0/8 or is ::1: the only places tests may go.
  public var isLoopback: Bool {
    switch family {
    case .v4: value >> 24 == 127
    case .v6: value == 1
    }
  }

  public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
    lhs.family != rhs.family ? lhs.family == .v4 : lhs.value < rhs.value
  }
}
