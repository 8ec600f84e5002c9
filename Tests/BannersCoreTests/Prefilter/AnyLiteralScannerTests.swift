import Testing

@testable import BannersCore

@Suite struct AnyLiteralScannerTests {
  /// Against a plain search: random sets of literals of one to twelve bytes (short ones,
  /// repeated ones, ones holding others), lines short and long (a long line is scanned
  /// as four overlapping parts), with literals planted anywhere.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func answersWhatASearchForEachLiteralAnswers(seed: UInt64) {
    var random = SeededRandom(seed: 130 + seed)
    let alphabet = Array("abcdefgh\"\\/ .9".utf8) + [0x00, 0x0A, 0xC3, 0xFF]
    func text(_ count: Int) -> [UInt8] {
      (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
    }
    var held = 0
    var notHeld = 0
    var wrong: [String] = []
    for _ in 0..<150 {
      var literals = (0..<Int.random(in: 0...6, using: &random)).map { _ in
        text(Int.random(in: 1...12, using: &random))
      }
      if let first = literals.first {
        // A repeat, and a literal holding another.
        if Bool.random(using: &random) { literals.append(first) }
        if Bool.random(using: &random) { literals.append(text(3) + first + text(2)) }
      }
      let scanner = AnyLiteralScanner(literals: literals)
      for _ in 0..<30 {
        var line = text(Int.random(in: 0...400, using: &random))
        if let literal = literals.randomElement(using: &random), Bool.random(using: &random) {
          let at = Int.random(in: 0...line.count, using: &random)
          line.insert(contentsOf: literal, at: at)
        }
        let expected = literals.contains { Self.contains(line, $0) }
        if line.withUnsafeBufferPointer({ scanner.holdsAny($0) }) != expected {
          wrong.append("\(literals) in \(line)")
        }
        if expected { held += 1 } else { notHeld += 1 }
      }
    }
    #expect(wrong.isEmpty, "\(wrong.prefix(3))")
    #expect(held > 1000)
    #expect(notHeld > 500)
  }

  /// Every start of a literal in lines of every length up to 300 bytes: wherever the
  /// parts of a long line begin and end, an occurrence across their edges is found.
  /// The longer literal (which holds no other) sets how far the parts overlap.
  @Test func findsALiteralWhereverItStarts() {
    let needle = Array("needle-ish".utf8)
    let scanner = AnyLiteralScanner(literals: [
      needle, Array("q-long-literal-of-thirty-bytes".utf8),
    ])
    var missed: [(count: Int, start: Int)] = []
    var falseFinds = 0
    for count in 0...300 {
      var line = [UInt8](repeating: UInt8(ascii: "n"), count: count)
      if line.withUnsafeBufferPointer({ scanner.holdsAny($0) }) { falseFinds += 1 }
      guard count >= needle.count else { continue }
      for start in 0...(count - needle.count) {
        line = [UInt8](repeating: UInt8(ascii: "n"), count: count)
        line.replaceSubrange(start..<(start + needle.count), with: needle)
        if !line.withUnsafeBufferPointer({ scanner.holdsAny($0) }) {
          missed.append((count, start))
        }
      }
    }
    #expect(missed.isEmpty, "\(missed.prefix(5))")
    #expect(falseFinds == 0)
  }

  /// No literal is in no line; an empty literal is in every line, the empty one too.
  @Test func noLiteralAndTheEmptyLiteral() {
    let line = Array("220 mail.example.org ESMTP".utf8)
    let none = AnyLiteralScanner(literals: [])
    let empty = AnyLiteralScanner(literals: [Array("zz".utf8), []])
    #expect(!line.withUnsafeBufferPointer { none.holdsAny($0) })
    #expect(line.withUnsafeBufferPointer { empty.holdsAny($0) })
    #expect([UInt8]().withUnsafeBufferPointer { empty.holdsAny($0) })
  }

  static func contains(_ line: [UInt8], _ literal: [UInt8]) -> Bool {
    guard literal.count <= line.count else { return false }
    return (0...(line.count - literal.count)).contains {
      line[$0..<($0 + literal.count)].elementsEqual(literal)
    }
  }
}
