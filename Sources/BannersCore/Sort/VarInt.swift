/// Unsigned LEB128, the length prefixes and numbers of sorted runs: 7 bits a byte,
/// low bits first, the high bit set on every byte but the last.
///
///     var bytes: [UInt8] = []
///     VarInt.append(300, to: &bytes)   // [0xAC, 0x02]
///     var index = 0
///     VarInt.read(bytes, at: &index)   // 300, index 2
enum VarInt {
  static func append(_ value: UInt64, to bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  static func append(_ value: Int, to bytes: inout [UInt8]) {
    append(UInt64(value), to: &bytes)
  }

  /// The number at `index`, which moves past it; nil when the bytes end first (or run
  /// past 64 bits).
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count, shift < 64 {
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    return nil
  }

  static func read(_ bytes: [UInt8], at index: inout Int) -> UInt64? {
    bytes.withUnsafeBufferPointer { read($0, at: &index) }
  }
}
