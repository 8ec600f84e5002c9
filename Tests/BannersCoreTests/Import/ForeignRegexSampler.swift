@testable import BannersCore

/// Random strings of a parsed regex's language (anchors become the newline or nothing
/// they sit next to), as seeds for comparing a source regex with its translation on
/// banners near the ones it matches.
struct ForeignRegexSampler {
  var random: SeededRandom

  mutating func sample(_ node: ForeignRegex.Node) -> [UInt8] {
    switch node {
    case .bytes(let set):
      let bytes = set.bytes
      guard !bytes.isEmpty else { return [] }
      // Mostly printable choices, so samples look like banners.
      let printable = bytes.filter { (0x20...0x7E).contains($0) }
      let pool = !printable.isEmpty && random.next() % 4 != 0 ? printable : bytes
      return [pool[Int(random.next() % UInt64(pool.count))]]
    case .sequence(let items): return items.flatMap { sample($0) }
    case .alternation(let branches):
      return sample(branches[Int(random.next() % UInt64(branches.count))])
    case .group(let body, _): return sample(body)
    case .repetition(let body, let min, let max):
      let upper = Swift.min(max ?? (min + 3), min + 3)
      let count = min + Int(random.next() % UInt64(upper - min + 1))
      return (0..<count).flatMap { _ in sample(body) }
    case .anchor(let anchor):
      switch anchor {
      case .lineStart, .lineEnd, .textEndOrFinalNewline: return random.next() % 3 == 0 ? [0x0A] : []
      case .textStart, .textEnd: return []
      }
    }
  }
}
