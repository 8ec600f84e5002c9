/// Finding the lines of a corpus that cannot matter to a `SuggestionCheck` before
/// parsing them (`report`'s second pass, issue 13): a candidate fragment is printable
/// ASCII, so a line whose banner holds it holds it as it is, unless JSON escapes some of
/// its bytes or the banner is written otherwise (a `\u` escape, base64).
extension SuggestionCheck {
  /// The longest run of `fragment`'s bytes that a JSON Lines or plain-text line holds
  /// as they are wherever the banner holds `fragment`: no `"`, `\` or `/` (which JSON
  /// escapes or may escape; the plain-text form escapes `\`). A fragment is printable
  /// ASCII, so its other bytes are written as themselves unless the line says otherwise
  /// (`otherwiseWritten`).
  static func lineKey(of fragment: [UInt8]) -> [UInt8] {
    let runs = fragment.split(omittingEmptySubsequences: true) {
      $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/")
    }
    // The first of the longest (`max` would keep the last).
    var key: ArraySlice<UInt8> = []
    for run in runs where run.count > key.count { key = run }
    return Array(key)
  }

  /// What a line holds when its banner's printable bytes may be written otherwise: a
  /// `\u` escape of a printable ASCII character (`\u0041` for `A`; the escapes of
  /// controls, `\u001b`, and of other characters give no byte of a fragment) or a
  /// base64 member (`banner_b64`).
  static let otherwiseWritten: [[UInt8]] =
    (2...7).map { Array("\\u00\($0)".utf8) } + [Array("_b64".utf8)]

  /// The longest stride of a line sieve: a `\u` escape is six bytes long.
  static let sieveStep = 3

  /// What `otherwiseWritten` looks for, as keys a sieve of stride `sieveStep` finds:
  /// whole escapes of printable ASCII (`\u0041`, `\u004A`) and the base64 member's
  /// name (`banner_b64`; written with an escape, the escape is found).
  static let sievedOtherwise: [[UInt8]] =
    (2...7).flatMap { high in
      Array("0123456789abcdefABCDEF".utf8).map { Array("\\u00\(high)".utf8) + [$0] }
    } + [Array("banner_b64".utf8)]

  /// What a worker looks for in the lines of its batch, made for the candidates live
  /// when the batch starts: the marks of banners written otherwise and the live
  /// candidates' line keys, in a scanner that says only whether a line holds one
  /// (most lines hold none), and a sieve in front of it when every live key is long
  /// enough (`lineSieve`).
  struct LineFilter: Sendable {
    /// The candidates out when it was made.
    let knownOut: [UInt64]
    let sieve: GramSieve?
    let keys: AnyLiteralScanner
  }

  /// The filter for the candidates not in `knownOut` (`counts` as for `lineSieve`).
  func lineFilter(knownOut: [UInt64], counts: GramSieve.WindowCounts? = nil) -> LineFilter {
    LineFilter(
      knownOut: knownOut, sieve: lineSieve(knownOut: knownOut, counts: counts),
      keys: AnyLiteralScanner(literals: filterKeys(knownOut: knownOut) + Self.otherwiseWritten))
  }

  /// The live line keys that hold no other live key nor a mark (and no repeats): a line
  /// holds one of them exactly when it holds a live key or a mark, and the filter's
  /// automaton is the smaller (on the 200k corpus: 22 keys of 188 bytes, not 60 of 813).
  func filterKeys(knownOut: [UInt64]) -> [[UInt8]] {
    func isOut(_ id: Int) -> Bool {
      id >> 6 < knownOut.count && knownOut[id >> 6] & (1 << UInt64(id & 63)) != 0
    }
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: bitWords + 1) { bits in
      lineKeys.indices.filter { id in
        guard !isOut(id) else { return false }
        bits.initialize(repeating: 0)
        lineKeys[id].withUnsafeBufferPointer { lineScanner.markPayloads(of: $0, in: bits) }
        for word in 0..<bits.count {
          var rest = bits[word]
          while rest != 0 {
            let other = word * 64 + rest.trailingZeroBitCount
            rest &= rest - 1
            // A mark (bit `candidateCount`) is always looked for.
            if other == candidateCount { return false }
            if other != id, !isOut(other),
              lineKeys[other].count < lineKeys[id].count || other < id
            {
              return false
            }
          }
        }
        return true
      }.map { lineKeys[$0] }
    }
  }

  /// The line keys of the candidates not in `knownOut`.
  func liveLineKeys(knownOut: [UInt64]) -> [[UInt8]] {
    lineKeys.indices.filter { id in
      !(id >> 6 < knownOut.count && knownOut[id >> 6] & (1 << UInt64(id & 63)) != 0)
    }.map { lineKeys[$0] }
  }

  /// A sieve for the candidates not in `knownOut` and the marks of banners written
  /// otherwise: most lines then cost a look at every third (or second) window of four
  /// bytes instead of a scan of every byte. Nil when there is no live candidate, or
  /// when one's line key is shorter than five bytes: a sieve of stride one costs more
  /// than `AnyLiteralScanner`'s scan (measured: 265 against 207 ns a line of 360 bytes).
  ///
  /// `counts` (windows counted in a sample of the corpus) lets each candidate give its
  /// rarest windows.
  func lineSieve(knownOut: [UInt64], counts: GramSieve.WindowCounts? = nil) -> GramSieve? {
    let live = liveLineKeys(knownOut: knownOut)
    guard let shortest = live.map(\.count).min(), shortest >= GramSieve.width + 1 else {
      return nil
    }
    let step = min(Self.sieveStep, shortest - GramSieve.width + 1)
    let windows =
      live.flatMap { GramSieve.windows(of: $0, step: step, counts: counts) }
      + Self.sievedOtherwise.flatMap { GramSieve.windows(of: $0, step: step, lastBlock: true) }
    return GramSieve(step: step, windows: windows)
  }

  /// Whether the corpus line `line` (as read, in `format`) may hold a candidate not in
  /// `knownOut`: false only when its banner certainly holds none, so the line need not
  /// be parsed. True for formats other than JSON Lines and plain text (scanner output
  /// may encode the banner), for lines that say their banner may be written otherwise
  /// (`\u` escapes, base64), and for a line holding a live candidate's `lineKey`.
  ///
  /// `filter` (a `lineFilter(knownOut:)` made with the same or fewer candidates out) lets
  /// most lines go without `lineScanner`'s pass, which sees which keys a line holds:
  /// the answer is the same with it or without.
  func mayHoldLiveCandidate(
    line: UnsafeBufferPointer<UInt8>, format: CorpusFormat, knownOut: [UInt64],
    filter: LineFilter? = nil
  ) -> Bool {
    lineAnswer(line: line, format: format, knownOut: knownOut, filter: filter) == .mayHold
  }

  /// `mayHoldLiveCandidate`'s answer, and for a "no", whether `filter` found it.
  enum LineAnswer {
    case mayHold
    /// No live candidate: the filter saw no key in the line.
    case filtered
    /// No live candidate, though the filter saw a key or mark (of a candidate out since
    /// it was made, or a mark of a banner written otherwise that holds none).
    case holdsNone
  }

  /// `mayHoldLiveCandidate(line:format:knownOut:filter:)`, saying how it decided.
  func lineAnswer(
    line: UnsafeBufferPointer<UInt8>, format: CorpusFormat, knownOut: [UInt64],
    filter: LineFilter?
  ) -> LineAnswer {
    // Every candidate out: no line can matter any more.
    let outCount = knownOut.reduce(0) { $0 + $1.nonzeroBitCount }
    guard outCount < candidateCount else { return .holdsNone }
    guard format == .jsonl || format == .text else { return .mayHold }
    guard !hasEmptyLineKey else { return .mayHold }
    if let filter {
      if let sieve = filter.sieve, !sieve.mayHold(line) { return .filtered }
      if !filter.keys.holdsAny(line) { return .filtered }
    }
    // Which keys the line holds: one bit more than the candidates, bit `candidateCount`
    // marks a banner written otherwise, and no candidate's bit in `knownOut` hides it.
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: bitWords + 1) { bits in
      bits.initialize(repeating: 0)
      lineScanner.markPayloads(of: line, in: bits)
      for word in 0..<bits.count where bits[word] != 0 {
        let out = word < knownOut.count ? knownOut[word] : 0
        if bits[word] & ~out != 0 { return .mayHold }
      }
      return .holdsNone
    }
  }
}
