/// Finds which of many byte strings occur in a banner, in one pass over its bytes: an
/// Aho-Corasick automaton compiled to a dense DFA over byte classes (`LiteralAutomaton`).
///
/// Each literal carries payloads (for the prefilter: the rules that require it); a scan
/// reports the payloads of every literal that occurs. Bytes that occur in no literal
/// share one class, so the table has `states x classes` entries rather than
/// `states x 256`. Everything is flat arrays, so the scan loop neither allocates nor
/// retains.
///
/// - Complexity: building is O(total literal length x classes); scanning is O(banner
///   length + occurrences), independent of the number of literals.
struct LiteralScanner: Sendable {
  /// `byteClass[b]` is the column of byte `b` in `transitions`.
  private let byteClass: [UInt16]
  private let classCount: Int
  /// `transitions[row + class]`: the next state's row (its index times `classCount`),
  /// bit-inverted (negative) when that state has payloads. Pre-multiplied rows and the
  /// sign flag keep the scan loop to two loads per byte.
  private let transitions: [Int32]
  /// Payloads of the literals ending at each state (its suffix states' included), as
  /// `payloads[payloadStart[state]..<payloadStart[state + 1]]`.
  private let payloadStart: [Int32]
  private let payloads: [Int32]

  let literalCount: Int
  /// The longest literal: two scans that overlap by this much less one byte find every
  /// occurrence between them.
  private let longestLiteral: Int

  /// - Parameter payloadsOfLiteral: for each literal, the ids a scan reports when it occurs.
  init(literals: [[UInt8]], payloadsOfLiteral: [[Int32]]) {
    literalCount = literals.count
    longestLiteral = literals.map(\.count).max() ?? 0
    let automaton = LiteralAutomaton(literals: literals, payloadsOfLiteral: payloadsOfLiteral)
    let classCount = automaton.classCount
    let outputs = automaton.outputs
    self.byteClass = automaton.byteClass
    self.classCount = classCount
    self.transitions = automaton.next.map { next in
      let row = next * Int32(classCount)
      return outputs[Int(next)].isEmpty ? row : ~row
    }
    var payloadStart: [Int32] = [0]
    var payloads: [Int32] = []
    for output in outputs {
      payloads += Set(output).sorted()
      payloadStart.append(Int32(payloads.count))
    }
    self.payloadStart = payloadStart
    self.payloads = payloads
  }

  /// Sets the bit of every payload of every literal occurring in `banner` in `bits`
  /// (one bit per payload id, 64 to a word).
  ///
  /// A DFA step waits for the previous one (the next row depends on the last load), so
  /// one scan runs at the latency of a load per byte. A long banner is scanned as two
  /// halves at once, interleaved, which the CPU overlaps: the first half runs on
  /// `longestLiteral - 1` bytes into the second, so an occurrence that starts in the
  /// first half is seen whole, and the second half starts from the root at its first
  /// byte, so it sees every occurrence that starts there. Marking is idempotent, so
  /// occurrences seen by both do no harm.
  func markPayloads(
    of banner: UnsafeBufferPointer<UInt8>, in bits: UnsafeMutableBufferPointer<UInt64>
  ) {
    guard literalCount > 0 else { return }
    byteClass.withUnsafeBufferPointer { classes in
      transitions.withUnsafeBufferPointer { table in
        payloadStart.withUnsafeBufferPointer { starts in
          payloads.withUnsafeBufferPointer { payloads in
            let classCount = self.classCount
            @inline(__always) func mark(_ encodedRow: Int) {
              let state = encodedRow / classCount
              var index = Int(starts[state])
              let end = Int(starts[state &+ 1])
              while index < end {
                let id = Int(payloads[index])
                bits[id &>> 6] |= 1 &<< UInt64(id & 63)
                index &+= 1
              }
            }
            /// One DFA step from `row` on `byte`, marking what ends there.
            @inline(__always) func step(_ row: inout Int, _ byte: UInt8) {
              let next = Int(table[row &+ Int(classes[Int(byte)])])
              if next < 0 {
                row = ~next
                mark(row)
              } else {
                row = next
              }
            }
            let count = banner.count
            var first = 0
            var firstRow = 0
            if count >= 4 * longestLiteral + 64 {
              // The first part, [0, middle + longest - 1), is no longer than the second,
              // [middle, count), so the interleaved loop never runs past the banner.
              let middle = (count - longestLiteral + 1) / 2
              let firstEnd = middle + longestLiteral - 1
              var second = middle
              var secondRow = 0
              while first < firstEnd {
                // Independent chains: the CPU runs the two steps side by side.
                step(&firstRow, banner[first])
                step(&secondRow, banner[second])
                first &+= 1
                second &+= 1
              }
              // The first half is done; the second goes on alone.
              first = second
              firstRow = secondRow
            }
            while first < count {
              step(&firstRow, banner[first])
              first &+= 1
            }
          }
        }
      }
    }
  }
}
