/// Numbers for the few distinct entries (outcome and label) of a snapshot, so that a
/// record sorted on disk carries a byte or two instead of their text. Past `maximum`
/// distinct entries (a corpus of made-up outcomes) an entry is carried whole, so the
/// table stays bounded too.
///
///     var codes = SnapshotEntryCodes()
///     var bytes: [UInt8] = []
///     codes.append(Snapshot.Entry(outcome: .ok, label: "sendmail"), to: &bytes)  // [1]
///     var index = 0
///     codes.read(bytes, at: &index)   // (ok sendmail, code: 0)
struct SnapshotEntryCodes {
  private(set) var entries: [Snapshot.Entry] = []
  private var numbers: [Snapshot.Entry: Int] = [:]
  private let maximum: Int

  init(maximum: Int = 1 << 16) { self.maximum = maximum }

  /// Appends `entry`: `varint(number + 1)`, or 0 and both texts, each
  /// `varint(count) bytes`.
  mutating func append(_ entry: Snapshot.Entry, to bytes: inout [UInt8]) {
    if let number = number(entry) {
      VarInt.append(number + 1, to: &bytes)
      return
    }
    bytes.append(0)
    for text in [entry.outcome, entry.label] {
      VarInt.append(text.utf8.count, to: &bytes)
      bytes += text.utf8
    }
  }

  /// The number of `entry`, given it now if it has none; nil past `maximum`.
  mutating func number(_ entry: Snapshot.Entry) -> Int? {
    if let number = numbers[entry] { return number }
    guard entries.count < maximum else { return nil }
    numbers[entry] = entries.count
    entries.append(entry)
    return entries.count - 1
  }

  /// The entry at `index` (which moves past it) and its number, nil for an entry
  /// carried whole; nil for bytes `append` did not write.
  func read(_ bytes: [UInt8], at index: inout Int) -> (entry: Snapshot.Entry, code: Int?)? {
    guard let tag = VarInt.read(bytes, at: &index) else { return nil }
    if tag > 0 {
      guard tag <= entries.count else { return nil }
      return (entries[Int(tag - 1)], Int(tag - 1))
    }
    var texts: [String] = []
    for _ in 0..<2 {
      guard let count = VarInt.read(bytes, at: &index), Int(count) <= bytes.count - index else {
        return nil
      }
      texts.append(String(decoding: bytes[index..<(index + Int(count))], as: UTF8.self))
      index += Int(count)
    }
    return (Snapshot.Entry(outcome: texts[0], label: texts[1]), nil)
  }
}
