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
    // Each set splits every class in two: its bytes in the set and those not.
    var classSets: [ByteSet] = [.all]
    var seen = Set<ByteSet>()
    for set in sets where !set.isEmpty && set != .all && seen.insert(set).inserted {
      var split: [ByteSet] = []
      split.reserveCapacity(classSets.count * 2)
      for member in classSets {
        let inside = member.intersection(set)
        if inside.isEmpty || inside == member {
          split.append(member)
        } else {
          split.append(inside)
          split.append(member.intersection(set.inverted))
        }
      }
      classSets = split
    }
    let classCount = classSets.count
    var classOf = [Int](repeating: 0, count: 256)
    for (id, member) in classSets.enumerated() {
      member.forEachByte { classOf[Int($0)] = id }
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
