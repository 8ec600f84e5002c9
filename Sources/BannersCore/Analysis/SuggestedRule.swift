/// A rule that would claim one residue group, in the awk format, ready to append to the
/// rule list:
///
///     /ESMTP Postfix/ unknown (ESMTP Postfix)
///
/// Its regex is a literal fragment, escaped for awk, that every banner of the group
/// contains (a literal part of the group's shape) and that no other banner of the
/// corpus contains, classified or not. So, appended at the end of the list, it claims
/// every banner of its group and changes no other banner's label.
public struct SuggestedRule: Sendable, Hashable {
  /// The literal bytes the rule looks for (printable ASCII).
  public var fragment: [UInt8]
  public var label: String

  public init(fragment: [UInt8]) {
    self.fragment = fragment
    self.label = Self.label(for: fragment)
  }

  /// The rule's regex: `fragment` with awk's special characters escaped.
  public var regex: String { Self.awkEscaped(fragment) }

  /// The line to paste into a rule file.
  public var ruleLine: String { "/\(regex)/ \(label)" }

  /// Escapes the bytes an awk regex would read as operators (and `/`, which ends it).
  ///
  ///     SuggestedRule.awkEscaped(Array("Mail*Link (v1.2)".utf8))   // "Mail\\*Link \\(v1\\.2\\)"
  public static func awkEscaped(_ fragment: [UInt8]) -> String {
    var out = ""
    for byte in fragment {
      switch byte {
      case 0x0D: out += "\\r"
      case 0x0A: out += "\\n"
      case 0x09: out += "\\t"
      default:
        let character = Character(Unicode.Scalar(byte))
        if "\\/.[]()*+?{}|^$".contains(character) { out.append("\\") }
        out.append(character)
      }
    }
    return out
  }

  /// `unknown (fragment)`, the posts' way of naming software they only know by its words
  /// (`unknown (requires recognizable SMTP)`), without bytes a label cannot hold.
  static func label(for fragment: [UInt8]) -> String {
    var words = String(
      decoding: fragment.filter { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "\"") }
        .map { $0 < 0x20 ? 0x20 : $0 },
      as: UTF8.self
    )
    .split(separator: " ").joined(separator: " ")
    if words.count > 40 { words = String(words.prefix(37)) + "..." }
    return "unknown (\(words))"
  }

  /// Fragments worth suggesting for a shape, best first: printable runs of its literal
  /// parts, trimmed, cut to at most `maxLength` bytes at word boundaries, with at least
  /// three letters; earlier in the banner (the greeting) first.
  public static func candidates(for shape: ResidueShape, maxLength: Int = 48, maxCount: Int = 8)
    -> [[UInt8]]
  {
    var result: [[UInt8]] = []
    for literal in shape.literals {
      for run in literal.split(whereSeparator: { $0 < 0x20 || $0 > 0x7E }) {
        for piece in cut(Array(run), maxLength: maxLength) {
          var trimmed = piece[...]
          while trimmed.first == 0x20 { trimmed = trimmed.dropFirst() }
          while trimmed.last == 0x20 { trimmed = trimmed.dropLast() }
          let letters = trimmed.count { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
          guard trimmed.count >= 5, letters >= 3 else { continue }
          // Without a leading reply code (`214 qmail home page`) first: it reads better,
          // and with it second: `214 ` versus `214-` may be what tells banners apart.
          var variants = [Array(trimmed)]
          if trimmed.count > 9, trimmed.prefix(3).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            trimmed.dropFirst(3).first == 0x20 || trimmed.dropFirst(3).first == UInt8(ascii: "-")
          {
            variants.insert(Array(trimmed.dropFirst(4)), at: 0)
          }
          for variant in variants where !result.contains(variant) {
            result.append(variant)
            if result.count == maxCount { return result + spanningLines(shape) }
          }
        }
      }
    }
    return result + spanningLines(shape)
  }

  /// Fragments across a line break (`SMTP ready\r\n502 Command not implemented`), for
  /// shapes whose every line also occurs in other banners: about 30 bytes either side
  /// of each line break inside a literal part, at most `maxCount`.
  static func spanningLines(_ shape: ResidueShape, maxCount: Int = 4) -> [[UInt8]] {
    var result: [[UInt8]] = []
    for literal in shape.literals {
      for run in literal.split(whereSeparator: {
        ($0 < 0x20 && $0 != 0x0D && $0 != 0x0A) || $0 > 0x7E
      }) {
        let bytes = Array(run)
        for (index, byte) in bytes.enumerated()
        where byte == 0x0A && index > 0 && index + 1 < bytes.count {
          var piece = bytes[max(0, index - 30)..<min(bytes.count, index + 31)]
          while let first = piece.first, first == 0x20 || first == 0x0D || first == 0x0A {
            piece = piece.dropFirst()
          }
          while let last = piece.last, last == 0x20 || last == 0x0D || last == 0x0A {
            piece = piece.dropLast()
          }
          let letters = piece.count { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
          guard piece.contains(0x0A), letters >= 3, !result.contains(Array(piece)) else { continue }
          result.append(Array(piece))
          if result.count == maxCount { return result }
        }
      }
    }
    return result
  }

  /// `run` in pieces of at most `maxLength` bytes, cut after a space where possible.
  private static func cut(_ run: [UInt8], maxLength: Int) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var start = 0
    while run.count - start > maxLength {
      var end = start + maxLength
      if let space = run[start..<end].lastIndex(of: 0x20), space > start + maxLength / 2 {
        end = space
      }
      pieces.append(Array(run[start..<end]))
      start = end
    }
    pieces.append(Array(run[start...]))
    return pieces
  }
}

/// The second pass over a corpus that keeps suggestions correct: it finds, for every
/// candidate fragment, whether any banner outside its group contains it.
///
/// All candidates are searched at once with an Aho-Corasick automaton (one table lookup
/// per banner byte); only banners that contain a candidate are classified again, to
/// learn whether they belong to the candidate's group.
public struct SuggestionCheck: Sendable {
  private struct Candidate: Sendable {
    var group: Int
    var fragment: [UInt8]
    var alive = true
  }

  private let shapes: [ResidueShape]
  private var candidates: [Candidate] = []
  private let automaton: FragmentAutomaton

  /// Prepares candidates for `shapes` (the groups to suggest rules for, in order).
  public init(shapes: [ResidueShape]) {
    self.shapes = shapes
    for (group, shape) in shapes.enumerated() {
      for fragment in SuggestedRule.candidates(for: shape) {
        candidates.append(Candidate(group: group, fragment: fragment))
      }
    }
    automaton = FragmentAutomaton(candidates.map(\.fragment))
  }

  /// Checks one record of the corpus. `verdict` classifies its banner (called only
  /// when the banner contains a live candidate).
  public mutating func add(_ record: CorpusRecord, verdict: ([UInt8]) -> Verdict) {
    disqualify(outsiders(in: record, verdict: verdict))
  }

  /// The live candidates that `record`'s banner contains although it is not in their
  /// group. Does not change the check, so workers can call it concurrently; hand the
  /// result to `disqualify`.
  public func outsiders(in record: CorpusRecord, verdict: ([UInt8]) -> Verdict) -> [Int] {
    guard record.outcome == .ok, let banner = record.banner, !candidates.isEmpty else { return [] }
    var hits: [Int] = []
    automaton.search(banner) { id in
      if candidates[id].alive, !hits.contains(id) { hits.append(id) }
    }
    guard !hits.isEmpty else { return [] }
    let isResidue = verdict(banner) == .residue
    let shape = isResidue ? ResidueShape(of: banner) : nil
    return hits.filter { shape != shapes[candidates[$0].group] }
  }

  /// Marks candidates (from `outsiders`) as found outside their group.
  public mutating func disqualify(_ ids: [Int]) {
    for id in ids { candidates[id].alive = false }
  }

  /// Per group, the best surviving suggestion, or nil when every literal part of the
  /// shape also occurs in banners outside the group.
  public var suggestions: [SuggestedRule?] {
    shapes.indices.map { group in
      candidates.first { $0.group == group && $0.alive }.map {
        SuggestedRule(fragment: $0.fragment)
      }
    }
  }
}

/// Finds which of a set of byte strings occur in a subject, all in one scan
/// (Aho-Corasick with a full transition table).
struct FragmentAutomaton: Sendable {
  private var next: [Int32] = []
  private var outputs: [[Int]] = []

  init(_ patterns: [[UInt8]]) {
    // The trie, with -1 for a missing edge.
    next = Array(repeating: -1, count: 256)
    outputs = [[]]
    for (id, pattern) in patterns.enumerated() {
      var state = 0
      for byte in pattern {
        let slot = state * 256 + Int(byte)
        if next[slot] < 0 {
          next[slot] = Int32(outputs.count)
          outputs.append([])
          next.append(contentsOf: repeatElement(-1, count: 256))
        }
        state = Int(next[slot])
      }
      outputs[state].append(id)
    }
    // Breadth first: fill missing edges from the failure state, merge outputs.
    var failure = Array(repeating: 0, count: outputs.count)
    var queue: [Int] = []
    for byte in 0..<256 {
      let target = Int(next[byte])
      if target < 0 { next[byte] = 0 } else { queue.append(target) }
    }
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      outputs[state] += outputs[failure[state]]
      for byte in 0..<256 {
        let slot = state * 256 + byte
        let fallback = Int(next[failure[state] * 256 + byte])
        if next[slot] < 0 {
          next[slot] = Int32(fallback)
        } else {
          failure[Int(next[slot])] = fallback
          queue.append(Int(next[slot]))
        }
      }
    }
  }

  /// Calls `found` with the id of every pattern occurrence in `subject` (an id may be
  /// reported more than once).
  func search(_ subject: [UInt8], _ found: (Int) -> Void) {
    guard outputs.count > 1 else { return }
    var state = 0
    next.withUnsafeBufferPointer { table in
      for byte in subject {
        state = Int(table[state &* 256 &+ Int(byte)])
        for id in outputs[state] { found(id) }
      }
    }
  }
}
