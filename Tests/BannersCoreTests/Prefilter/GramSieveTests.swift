import Testing

@testable import BannersCore

@Suite struct GramSieveTests {
  /// The sieve looks at every `step`-th window of a line only, yet never says "no" to a
  /// line that holds a key, wherever the key starts; and it says "no" to most lines
  /// that hold none.
  @Test(arguments: [1, 2, 3, 5])
  func aLineHoldingAKeyIsNeverSievedOut(maxStep: Int) {
    var random = SeededRandom(seed: UInt64(40 + maxStep))
    let alphabet = Array("abcdeXY 9-\\\"".utf8)
    func text(_ count: Int) -> [UInt8] {
      (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
    }
    var sievedOut = 0
    for _ in 0..<300 {
      let keys = (0..<Int.random(in: 1...6, using: &random)).map { _ in
        text(Int.random(in: 4...12, using: &random))
      }
      let step = min(maxStep, keys.map(\.count).min()! - GramSieve.width + 1)
      let sieve = GramSieve(
        step: step, windows: keys.flatMap { GramSieve.windows(of: $0, step: step) })
      for _ in 0..<20 {
        let key = keys[Int.random(in: 0..<keys.count, using: &random)]
        let line =
          text(Int.random(in: 0...40, using: &random)) + key
          + text(Int.random(in: 0...40, using: &random))
        #expect(line.withUnsafeBufferPointer { sieve.mayHold($0) })
        let other = text(Int.random(in: 0...80, using: &random))
        let holds = keys.contains { key in
          other.count >= key.count
            && (0...(other.count - key.count)).contains {
              other[$0..<$0 + key.count].elementsEqual(key)
            }
        }
        let maybe = other.withUnsafeBufferPointer { sieve.mayHold($0) }
        if holds { #expect(maybe) }
        if !maybe { sievedOut += 1 }
      }
    }
    #expect(sievedOut > 1000)
  }

  /// The block of windows a key gives the sieve avoids the protocol words most banners
  /// hold: `ESMTP Postfix` is sieved by windows of `Postfix`.
  @Test func aKeyIsSievedByItsLowerCaseRun() {
    let windows = GramSieve.windows(of: Array("ESMTP Postfix".utf8), step: 3)
    let sieve = GramSieve(step: 3, windows: windows)
    let line = Array("220 mail.example.org ESMTP Sendmail ready".utf8)
    #expect(!line.withUnsafeBufferPointer { sieve.mayHold($0) })
    let postfix = Array("220 mail.example.org ESMTP Postfix".utf8)
    #expect(postfix.withUnsafeBufferPointer { sieve.mayHold($0) })
  }
}
