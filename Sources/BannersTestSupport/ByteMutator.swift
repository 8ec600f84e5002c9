import BannersCore

/// Mutates inputs for robustness tests: flips, inserts, deletes, duplicates and cuts a
/// few bytes, biased to the bytes that parsers care about. Seeded, so a failure repeats.
public struct ByteMutator {
  public var random: SeededRandom
  let interesting: [UInt8] =
    Array("/\\[]()|*+?{},.^$#\"\r\n\t :-0123456789xX".utf8) + [0, 0x80, 0xFF]

  public init(seed: UInt64) { random = SeededRandom(seed: seed) }

  public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &random) {
      let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
      let byte =
        Bool.random(using: &random)
        ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
      switch Int.random(in: 0..<5, using: &random) {
      case 0 where !bytes.isEmpty: bytes[position] = byte
      case 1: bytes.insert(byte, at: position)
      case 2 where !bytes.isEmpty: bytes.remove(at: position)
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
        bytes.insert(contentsOf: bytes[position..<end], at: position)
      default: bytes = Array(bytes.prefix(position))
      }
    }
    return bytes
  }
}
