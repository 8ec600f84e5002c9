/// Narrows a rule list to the rules that can possibly match a banner, in one pass: each
/// rule's required literals (`RequiredLiterals`) go into one `LiteralScanner`; a rule is
/// a candidate when one of its literals occurs, or when it requires none.
///
/// Candidates are then confirmed with PCRE2 in rule order, so verdicts are exactly those
/// of rule-by-rule matching (the test suite checks this on generated banners).
struct Prefilter: Sendable {
  let scanner: LiteralScanner
  /// Rules with no required literal: candidates for every banner.
  let alwaysCandidates: [Int]
  let ruleCount: Int

  init(translations: [AwkRegexTranslator.Translation]) {
    let choicesByRule = translations.map {
      RequiredLiterals.choices(from: $0.syntax)
    }
    var rulesSharing: [[UInt8]: Int] = [:]
    for choices in choicesByRule {
      for literal in Set(choices.joined()) { rulesSharing[literal, default: 0] += 1 }
    }
    var literalIDs: [[UInt8]: Int] = [:]
    var literals: [[UInt8]] = []
    var rulesByLiteral: [[Int32]] = []
    var always: [Int] = []
    for (rule, choices) in choicesByRule.enumerated() {
      guard let required = Self.choose(among: choices, rulesSharing: rulesSharing) else {
        always.append(rule)
        continue
      }
      for literal in Set(required) {
        let id =
          literalIDs[literal]
          ?? {
            literals.append(literal)
            rulesByLiteral.append([])
            literalIDs[literal] = literals.count - 1
            return literals.count - 1
          }()
        rulesByLiteral[id].append(Int32(rule))
      }
    }
    scanner = LiteralScanner(literals: literals, payloadsOfLiteral: rulesByLiteral)
    alwaysCandidates = always
    ruleCount = translations.count
  }

  /// Which of a rule's choices of required literals to scan for. A literal that many
  /// rules require is a word of the protocol (` ready`, `SMTP`), likely in most banners,
  /// and its every occurrence sends all those rules to PCRE2; a product name required by
  /// one rule is rare. So among choices whose literals have at least 4 bytes, the one
  /// shared by the fewest rules (in powers of two) wins, then the longest; shorter
  /// literals are a last resort, longest first. `/(Foo|Bar) mail service ready/` in a
  /// list of a thousand such rules scans for `Foo` and `Bar`.
  static func choose(among choices: [[[UInt8]]], rulesSharing: [[UInt8]: Int]) -> [[UInt8]]? {
    let distinctive = choices.filter { RequiredLiterals.shortest($0) >= 4 }
    guard !distinctive.isEmpty else { return RequiredLiterals.longest(of: choices) }
    func cost(_ choice: [[UInt8]]) -> (sharing: Int, length: Int) {
      let sharing = choice.map { rulesSharing[$0] ?? 1 }.max() ?? 1
      return (Int.bitWidth - sharing.leadingZeroBitCount, -RequiredLiterals.shortest(choice))
    }
    return distinctive.min { cost($0) < cost($1) }
  }

  /// Marks in `candidates` (one bit per rule, all clear on entry) every rule that may
  /// match `banner`.
  func markCandidates(in banner: UnsafeBufferPointer<UInt8>, into candidates: inout CandidateSet) {
    for rule in alwaysCandidates { candidates.insert(rule) }
    candidates.words.withUnsafeMutableBufferPointer { scanner.markPayloads(of: banner, in: $0) }
  }
}

/// A set of rule indices as a bitset, reused across banners without allocating.
struct CandidateSet {
  var words: [UInt64]

  init(capacity: Int) { words = [UInt64](repeating: 0, count: (capacity + 63) / 64) }

  mutating func insert(_ rule: Int) { words[rule >> 6] |= 1 << UInt64(rule & 63) }

  mutating func removeAll() {
    for index in words.indices { words[index] = 0 }
  }

  /// Makes the set `0..<count`.
  mutating func insertAll(below count: Int) {
    for index in words.indices {
      let low = index << 6
      words[index] = count >= low + 64 ? ~0 : (count <= low ? 0 : (1 << UInt64(count - low)) - 1)
    }
  }
}
