/// Standard base64 (RFC 4648, with padding) for `banner_b64`, without Foundation.
public enum Base64 {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
    return table
  }()

  public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var iterator = bytes.makeIterator()
    while let first = iterator.next() {
      let second = iterator.next()
      let third = iterator.next()
      let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
      out.append(alphabet[Int(group >> 18 & 63)])
      out.append(alphabet[Int(group >> 12 & 63)])
      out.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
      out.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes `text` encodes, or nil when it is not canonical padded base64.
  public static func decode<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
    let input = Array(text)
    guard input.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(input.count / 4 * 3)
    var index = 0
    while index < input.count {
      let isLast = index + 4 == input.count
      let quad = input[index..<(index + 4)]
      let padding = isLast ? quad.reversed().prefix { $0 == UInt8(ascii: "=") }.count : 0
      guard padding <= 2 else { return nil }
      var group: UInt32 = 0
      for (offset, byte) in quad.enumerated() {
        let value: UInt8
        if offset >= 4 - padding {
          value = 0
        } else {
          value = values[Int(byte)]
          guard value != 0xFF else { return nil }
        }
        group = group << 6 | UInt32(value)
      }
      out.append(UInt8(group >> 16 & 0xFF))
      if padding < 2 { out.append(UInt8(group >> 8 & 0xFF)) }
      if padding < 1 { out.append(UInt8(group & 0xFF)) }
      index += 4
    }
    return out
  }
}
