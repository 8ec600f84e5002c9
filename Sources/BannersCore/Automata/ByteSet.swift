/// A set of bytes (0-255) as four 64-bit words: the label of an automaton transition.
public struct ByteSet: Hashable, Sendable {
  var w0: UInt64 = 0
  var w1: UInt64 = 0
  var w2: UInt64 = 0
  var w3: UInt64 = 0

  public init() {}

  public init(_ bytes: some Sequence<UInt8>) {
    for byte in bytes { insert(byte) }
  }

  public static let all: ByteSet = {
    var set = ByteSet()
    set.w0 = .max
    set.w1 = .max
    set.w2 = .max
    set.w3 = .max
    return set
  }()

  public func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: return w0 & bit != 0
    case 1: return w1 & bit != 0
    case 2: return w2 & bit != 0
    default: return w3 & bit != 0
    }
  }

  public mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: w0 |= bit
    case 1: w1 |= bit
    case 2: w2 |= bit
    default: w3 |= bit
    }
  }

  public var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 }

  public func union(_ other: ByteSet) -> ByteSet {
    var set = self
    set.w0 |= other.w0
    set.w1 |= other.w1
    set.w2 |= other.w2
    set.w3 |= other.w3
    return set
  }

  public func intersection(_ other: ByteSet) -> ByteSet {
    var set = self
    set.w0 &= other.w0
    set.w1 &= other.w1
    set.w2 &= other.w2
    set.w3 &= other.w3
    return set
  }

  public var inverted: ByteSet {
    var set = self
    set.w0 = ~w0
    set.w1 = ~w1
    set.w2 = ~w2
    set.w3 = ~w3
    return set
  }

  public func isSubset(of other: ByteSet) -> Bool { intersection(other) == self }

  /// Calls `body` with each byte in the set, ascending.
  func forEachByte(_ body: (UInt8) -> Void) {
    for (index, word) in [w0, w1, w2, w3].enumerated() {
      var bits = word
      while bits != 0 {
        body(UInt8(index * 64 + bits.trailingZeroBitCount))
        bits &= bits - 1
      }
    }
  }

  /// The bytes in the set, ascending.
  public var bytes: [UInt8] { (0...255).map(UInt8.init).filter(contains) }
}
