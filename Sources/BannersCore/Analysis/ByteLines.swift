/// The lines of `bytes`, split at LF as `split(separator: 0x0A,
/// omittingEmptySubsequences: false)` splits them (the last one empty after a final
/// LF), one at a time: a merge input of a billion short lines must not become an array
/// of a billion slices (32 bytes each) before its first line is read.
struct ByteLines: Sequence, IteratorProtocol {
  let bytes: [UInt8]
  private var start = 0
  private var done = false

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func next() -> ArraySlice<UInt8>? {
    guard !done else { return nil }
    guard let end = bytes[start...].firstIndex(of: 0x0A) else {
      done = true
      return bytes[start...]
    }
    defer { start = end + 1 }
    return bytes[start..<end]
  }
}
