extension GramSieve {
  /// How often each window of four bytes (hashed to 16 bits) occurs in a sample of
  /// corpus lines, so that a key gives the sieve its rarest windows: in SMTP banners the
  /// common words (`Server`, `ready`, `Mail`, the JSON member names) would otherwise
  /// send most lines on to the scanner. A choice of windows only changes how many lines
  /// the sieve lets through, never what it finds.
  struct WindowCounts: Sendable {
    private var counts = [UInt16](repeating: 0, count: 1 << 16)

    init() {}

    /// Counts every window of the first `lines` lines of `corpus` (nil when it cannot be
    /// read: the sieve then goes by letters alone).
    init?(sampling corpus: String, format: CorpusFormat, lines: Int = 1024) {
      guard
        let reader = try? CorpusReader(path: corpus, format: format),
        let batch = try? reader.nextRawLines(upTo: lines)
      else { return nil }
      for index in 0..<batch.count { _ = batch.withRawLine(at: index) { add($0) } }
    }

    mutating func add(_ line: UnsafeBufferPointer<UInt8>) {
      guard line.count >= GramSieve.width else { return }
      var window: UInt32 = 0
      for (index, byte) in line.enumerated() {
        window = window >> 8 | UInt32(byte) << 24
        guard index >= GramSieve.width - 1 else { continue }
        let slot = Int(truncatingIfNeeded: (window &* 0x9E37_79B1) >> 16)
        if counts[slot] < .max { counts[slot] += 1 }
      }
    }

    /// How often `window` (or one sharing its hash) was seen.
    func count(_ window: UInt32) -> Int {
      Int(counts[Int(truncatingIfNeeded: (window &* 0x9E37_79B1) >> 16)])
    }
  }
}
