/// A quick, one-sided test of whether a line may hold one of some byte strings (keys),
/// a few times cheaper than `LiteralScanner` on a long line: it looks only at every
/// `step`-th window of four bytes of the line, each tested in a bit table of the keys'
/// windows, then against the windows themselves. "No" is certain; "maybe" is for the
/// scanner to decide.
///
/// Why sampling misses no key: each key puts `step` consecutive windows of its own in
/// the sieve, those starting at `first ..< first + step` with `first + step + 3` at
/// most its length (`windows(of:step:)`). Where the key occurs at offset `t`, the
/// windows starting at `t + first ..< t + first + step` lie inside it, and one of those
/// starts is a multiple of `step`: a window the sieve looks at. So `step` is at most
/// the shortest key's length less three.
///
///     let sieve = GramSieve(step: 3, windows: GramSieve.windows(of: Array("Postfix".utf8), step: 3))
///     sieve.mayHold(line)    // false: no window the sieve looks at is one of the key's
struct GramSieve: Sendable {
  static let width = 4
  /// Windows looked at: every `step`-th.
  let step: Int
  /// One bit per hashed window (18-bit hash, 32 KiB): most windows stop here.
  private var bits: [UInt64]
  /// The keys' windows, sorted, to confirm a set bit.
  private let windows: [UInt32]

  init(step: Int, windows: [UInt32]) {
    precondition(step >= 1)
    self.step = step
    bits = [UInt64](repeating: 0, count: (1 << 18) / 64)
    for window in windows {
      let hash = Self.hash(window)
      bits[hash >> 6] |= 1 << UInt64(hash & 63)
    }
    self.windows = windows.sorted()
  }

  /// The windows `key` puts in a sieve of stride `step` (`key.count >= step + 3`): of its
  /// blocks of `step` consecutive windows, the one whose commonest window is rarest in
  /// `counts`, then the one with the fewest bytes other than lower-case letters (spaces,
  /// digits and the capitals of protocol words such as `ESMTP` are in most banners),
  /// the last on ties; or, with `lastBlock`, the last (`banner_b64`, whose first
  /// letters every JSON Lines corpus line holds). Windows are read little-endian, as
  /// `mayHold` reads lines.
  static func windows(
    of key: [UInt8], step: Int, counts: WindowCounts? = nil, lastBlock: Bool = false
  ) -> [UInt32] {
    let span = step + width - 1
    precondition(key.count >= span)
    func window(at start: Int) -> UInt32 {
      key[start..<(start + width)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
    let starts = 0...(key.count - span)
    guard !lastBlock else { return (starts.upperBound..<(starts.upperBound + step)).map(window) }
    let seen = (0...(key.count - width)).map { counts?.count(window(at: $0)) ?? 0 }
    func cost(_ first: Int) -> (seen: Int, common: Int, start: Int) {
      let common = key[first..<(first + span)].count { $0 < 0x61 || $0 > 0x7A }
      return (seen[first..<(first + step)].max()!, common, -first)
    }
    let first = starts.min { cost($0) < cost($1) }!
    return (first..<(first + step)).map(window)
  }

  /// Whether `line` may hold a key: some window looked at is one of a key's.
  func mayHold(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard line.count >= Self.width, let base = line.baseAddress else { return false }
    let last = line.count - Self.width
    let raw = UnsafeRawPointer(base)
    return bits.withUnsafeBufferPointer { bits in
      var start = 0
      while start <= last {
        let window = UInt32(
          littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
        let hash = Self.hash(window)
        if bits[hash &>> 6] & (1 &<< UInt64(hash & 63)) != 0, isKeyWindow(window) {
          return true
        }
        start &+= step
      }
      return false
    }
  }

  private func isKeyWindow(_ window: UInt32) -> Bool {
    var low = 0
    var high = windows.count
    while low < high {
      let middle = (low + high) / 2
      if windows[middle] < window { low = middle + 1 } else { high = middle }
    }
    return low < windows.count && windows[low] == window
  }

  /// Fibonacci hashing of a window to 18 bits.
  @inline(__always) private static func hash(_ window: UInt32) -> Int {
    Int(truncatingIfNeeded: (window &* 0x9E37_79B1) >> 14)
  }
}
