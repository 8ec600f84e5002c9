// Backtracking blow-up, polynomial: two loops of the automaton that can share one
// string (`\s*x?\s*$`), then an attack whose PCRE2 step count is measured at growing
// lengths and seen to grow super-linearly.
extension LanguageChecks.Backtracking {
  /// An attack PCRE2 was seen to be slow on, with the measurements that show it.
  struct PolynomialAttack: Equatable {
    var attack: [UInt8]
    /// What it is made of: `attack(pump, repetitions, failure)`.
    var pump: LoopAmbiguity.Pump
    var repetitions: Int
    var failure: [UInt8]
    /// `(attack length in bytes, PCRE2 steps)`, shortest first; the last is nil when
    /// PCRE2 gave up on it (more steps than the match limit).
    var steps: [(bytes: Int, steps: UInt32?)]
    /// The growth of the steps when the attack doubles, as a power (2: quadratic);
    /// nil when PCRE2 gave up before two lengths could be compared.
    var degree: Int?

    static func == (a: Self, b: Self) -> Bool {
      a.attack == b.attack && a.degree == b.degree && a.pump == b.pump
        && a.repetitions == b.repetitions && a.failure == b.failure
        && a.steps.elementsEqual(b.steps) { $0.bytes == $1.bytes && $0.steps == $1.steps }
    }
  }

  /// Pump repetitions measured, each twice the last: a cost that grows as k^d grows
  /// about 2^d times from one to the next. Short, because the interpreter the count
  /// comes from is slow on attacks (` *  *  *$` on 512 spaces: 7 s with no limit, where
  /// the JIT takes 0.04 s) and time can grow faster than steps (a possessive loop scans
  /// without counting them).
  static let polynomialRepetitions = [8, 16, 32, 64, 128]
  /// The smallest growth per doubling that counts as super-linear: 4 is quadratic, and
  /// lower-order terms keep a true quadratic a little under it at these lengths.
  static let superLinearGrowth = 3.5
  /// A growth per doubling under this is linear, and measuring stops.
  static let linearGrowth = 2.5

  /// An attack on which PCRE2's backtracking steps grow super-linearly with its length
  /// (or pass `limits.matchLimit`), built from a polynomially ambiguous pair of loops of
  /// `syntax`'s automaton; nil when there is none or no measurement confirms one.
  static func confirmedPolynomialAttack(
    _ syntax: AwkRegexSyntax, program: PCRE2Program, limits: MatchLimits
  ) -> PolynomialAttack? {
    guard let ambiguity = LoopAmbiguity(syntax, polynomial: true) else { return nil }
    let pumps = ambiguity.polynomialPumps()
    guard !pumps.isEmpty else { return nil }
    // As for exponential attacks: a failure at the end, or a match after a failing byte
    // to defeat PCRE2's required-byte shortcut (the slow part comes before the match).
    let member = LanguageQuestions.shortestWholeMember(syntax) ?? []
    let failures: [[UInt8]] = [
      Array("!".utf8), [0x00], [0x0A], Array("!".utf8) + member, [0x00] + member,
    ]
    for pump in pumps {
      for failure in failures {
        if let found = measure(pump, failure: failure, program: program, limits: limits) {
          return found
        }
      }
    }
    return nil
  }

  /// Steps of `prefix + pump^k + failure` for each k of `polynomialRepetitions`; an
  /// attack when PCRE2 gives up on one, or when the last doubling multiplied the steps
  /// by `superLinearGrowth` at least.
  static func measure(
    _ pump: LoopAmbiguity.Pump, failure: [UInt8], program: PCRE2Program, limits: MatchLimits
  ) -> PolynomialAttack? {
    var steps: [(bytes: Int, steps: UInt32?)] = []
    for count in polynomialRepetitions {
      let attack = Self.attack(pump, repetitions: count, failure: failure)
      func found() -> PolynomialAttack {
        PolynomialAttack(
          attack: attack, pump: pump, repetitions: count, failure: failure, steps: steps,
          degree: degree(of: steps))
      }
      guard let cost = program.backtrackingSteps(in: attack, ceiling: limits.matchLimit) else {
        // The match limit is the line the project draws: backtracking leaves this
        // banner undecided, whatever the growth before.
        steps.append((attack.count, nil))
        return found()
      }
      steps.append((attack.count, cost))
      guard let growth = growth(of: steps) else { continue }
      if growth < linearGrowth { return nil }
      if growth >= superLinearGrowth && count >= 32 { return found() }
    }
    return nil
  }

  /// `prefix + pump^repetitions + failure`.
  static func attack(_ pump: LoopAmbiguity.Pump, repetitions: Int, failure: [UInt8]) -> [UInt8] {
    pump.prefix + Array(repeatElement(pump.pump, count: repetitions).joined()) + failure
  }

  /// Steps of the last measurement over the one before, when both completed.
  static func growth(of steps: [(bytes: Int, steps: UInt32?)]) -> Double? {
    let completed = steps.compactMap(\.steps)
    guard completed.count >= 2 else { return nil }
    return Double(completed[completed.count - 1]) / Double(max(1, completed[completed.count - 2]))
  }

  /// The nearest power of two of the last growth, floor(log2(growth) + 1/2) (no
  /// Foundation needed); nil when it is not super-linear or cannot be measured.
  static func degree(of steps: [(bytes: Int, steps: UInt32?)]) -> Int? {
    guard let growth = growth(of: steps), growth >= superLinearGrowth else { return nil }
    return max(2, Int((growth * 2.0.squareRoot()).exponent))
  }
}
