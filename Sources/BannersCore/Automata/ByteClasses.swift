/// A partition of the 256 bytes into classes that no transition of the automata at
/// hand can tell apart (rust regex-automata's byte classes): a lazy DFA steps once
/// per class, not per byte, so `[^ ]+` costs two steps, not 256.
///
/// Each class has a representative, chosen so witnesses read well: letters and digits
/// first, then other printable ASCII, then CR and LF, then the rest.
struct ByteClasses {
  /// `classOf[byte]` is the class of `byte`.
  var classOf: [Int]
  /// One byte per class, the most readable; classes are numbered in that order of
  /// preference, so a search that tries classes in order prefers readable witnesses.
  var representatives: [UInt8]
  /// The bytes of each class, ascending.
  var members: [[UInt8]]

  var count: Int { representatives.count }

  init(distinguishing sets: some Sequence<ByteSet>) {
    var classOf = [Int](repeating: 0, count: 256)
    var classCount = 1
    var distinct: [ByteSet] = []
    var seen = Set<ByteSet>()
    for set in sets where !set.isEmpty && set != .all && seen.insert(set).inserted {
      distinct.append(set)
    }
    var split = [Int](repeating: -1, count: 512)
    for set in distinct {
      // Each class splits in two: the bytes in `set` and the bytes not in it.
      for key in 0..<(classCount * 2) { split[key] = -1 }
      var next = 0
      for byte in 0..<256 {
        let key = classOf[byte] * 2 + (set.contains(UInt8(byte)) ? 1 : 0)
        if split[key] < 0 {
          split[key] = next
          next += 1
        }
        classOf[byte] = split[key]
      }
      classCount = next
    }
    // Renumber by the preference of each class's best byte.
    var best = [UInt8?](repeating: nil, count: classCount)
    for byte in Self.preferenceOrder where best[classOf[Int(byte)]] == nil {
      best[classOf[Int(byte)]] = byte
    }
    let order = (0..<classCount).sorted {
      Self.rank[Int(best[$0]!)] < Self.rank[Int(best[$1]!)]
    }
    var renumber = [Int](repeating: 0, count: classCount)
    for (newID, oldID) in order.enumerated() { renumber[oldID] = newID }
    self.classOf = classOf.map { renumber[$0] }
    self.representatives = order.map { best[$0]! }
    var members = [[UInt8]](repeating: [], count: classCount)
    for byte in 0..<256 { members[self.classOf[byte]].append(UInt8(byte)) }
    self.members = members
  }

  /// Bytes from most to least readable in a witness.
  static let preferenceOrder: [UInt8] = {
    let lower = Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
    let upper = Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
    let digits = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
    var order = lower + upper + digits + [UInt8(ascii: " ")]
    order += (0x21...0x7E).map(UInt8.init).filter { !order.contains($0) }
    order += [0x0D, 0x0A, 0x09]
    order += (0...255).map(UInt8.init).filter { !order.contains($0) }
    return order
  }()

  static let rank: [Int] = {
    var rank = [Int](repeating: 0, count: 256)
    for (index, byte) in preferenceOrder.enumerated() { rank[Int(byte)] = index }
    return rank
  }()
}
