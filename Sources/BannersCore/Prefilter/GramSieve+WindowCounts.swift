extension GramSieve {
  /// How often each window of four bytes (hashed to 16 bits) occurs in a sample of
  /// corpus lines, so that a key gives the sieve its rarest windows: in SMTP banners the
  /// common words (`Server`, `ready`, `Mail`, the JSON member names) would otherwise
  /// send most lines on to the scanner. A choice of windows only changes how many lines
  /// the sieve lets through, never what it finds.
  struct WindowCounts: Sendable {
    private var counts = [UInt16](repeating: 0, count: 1 << 16)

    init() {}

    /// Counts every window of the first `lines` lines of `corpus`, at most about `bytes`
    /// bytes. Nil when it is not a regular file (a FIFO's lines would be taken from the
    /// scan that follows) or cannot be read: the sieve then goes by letters alone.
    init?(sampling corpus: String, format: CorpusFormat, lines: Int = 1024, bytes: Int = 1 << 20) {
      guard let reader = try? CorpusReader(path: corpus, format: format), reader.isRegularFile
      else { return nil }
      var read = (lines: 0, bytes: 0)
      while read.lines < lines, read.bytes < bytes,
        let batch = try? reader.nextRawLines(upTo: min(64, lines - read.lines))
      {
        for index in 0..<batch.count {
          read.bytes += batch.withRawLine(at: index) { add($0) } ?? 0
        }
        read.lines += batch.count
      }
    }

    /// Counts the windows of `line`; returns its length.
    @discardableResult
    mutating func add(_ line: UnsafeBufferPointer<UInt8>) -> Int {
      guard line.count >= GramSieve.width else { return line.count }
      var window: UInt32 = 0
      for (index, byte) in line.enumerated() {
        window = window >> 8 | UInt32(byte) << 24
        guard index >= GramSieve.width - 1 else { continue }
        let slot = Int(truncatingIfNeeded: (window &* 0x9E37_79B1) >> 16)
        if counts[slot] < .max { counts[slot] += 1 }
      }
      return line.count
    }

    /// How often `window` (or one sharing its hash) was seen.
    func count(_ window: UInt32) -> Int {
      Int(counts[Int(truncatingIfNeeded: (window &* 0x9E37_79B1) >> 16)])
    }
  }
}
