import BannersTestSupport
import Testing

@testable import BannersCore

@Suite struct PrefilterTests {
  func required(_ awk: String) throws -> [String]? {
    let translation = try AwkRegexTranslator.translate(Array(awk.utf8))
    return RequiredLiterals.extract(fromTranslatedPattern: translation.pattern)?
      .map { String(decoding: $0, as: UTF8.self) }.sorted()
  }

  @Test(arguments: [
    ("Mercury 1\\... SMTP server ready", [" SMTP server ready"]),
    ("ESMTP Service .Worldmail ", ["ESMTP Service "]),
    ("SLmail95|SLmailNT", ["SLmail95", "SLmailNT"]),
    ("[pP][pP].*Pleased to meet you", ["Pleased to meet you"]),
    ("\\(PMDF#..... V", ["(PMDF#"]),
    ("^220 (ESMTP|SMTP) ready$", [" ready"]),
    ("ab+c", ["ab"]),
    ("abc*d", ["ab"]),
    ("x(abc)?yz", ["yz"]),
    ("x(abcd|efgh)y", ["abcd", "efgh"]),
    ("a{2}bcd", ["bcd"]),
    ("ab{0}cd", ["cd"]),
    ("\\x41\\102C", ["ABC"]),
    ("a\\.b", ["a.b"]),
  ])
  func requiredLiteralsAreWhatEveryMatchContains(awk: String, expected: [String]) throws {
    #expect(try required(awk) == expected.sorted())
  }

  @Test(arguments: ["", ".*", "a|[0-9]", "(a|)b?", "[ab]", "a*", "(x)*", "x?"])
  func rulesWithoutARequiredLiteralAreAlwaysCandidates(awk: String) throws {
    #expect(try required(awk) == nil)
  }

  @Test func eachRunAndRequiredGroupIsAChoiceUnlessThePatternHasATopLevelBar() throws {
    func choices(_ awk: String) throws -> [[String]] {
      let translation = try AwkRegexTranslator.translate(Array(awk.utf8))
      return RequiredLiterals.choices(fromTranslatedPattern: translation.pattern).map {
        $0.map { String(decoding: $0, as: UTF8.self) }.sorted()
      }
    }
    #expect(
      try choices("(Foo|Bar) mail service ready") == [["Bar", "Foo"], [" mail service ready"]])
    #expect(
      try choices("Mercury 1\\... SMTP server ready") == [["Mercury 1."], [" SMTP server ready"]])
    #expect(try choices("Foo ready|Bar ready") == [["Bar ready", "Foo ready"]])
    #expect(try choices("a|.*") == [])
  }

  /// A literal that many rules require (a protocol word) sends all of them to PCRE2 on
  /// every banner that has it, so the prefilter scans for the rarer choice.
  @Test func literalsSharedByManyRulesLoseToDistinctiveOnes() {
    let ready = Array(" mail service ready".utf8)
    let names = [Array("Quinzen".utf8), Array("Kalomi".utf8)]
    let sharing = [ready: 500, names[0]: 1, names[1]: 1]
    #expect(Prefilter.choose(among: [names, [ready]], rulesSharing: sharing) == names)
    // Alone, the longest wins, and short literals only when nothing else is there.
    #expect(Prefilter.choose(among: [names, [ready]], rulesSharing: [:]) == [ready])
    #expect(
      Prefilter.choose(among: [[Array("ab".utf8)], [ready]], rulesSharing: sharing) == [ready])
    #expect(
      Prefilter.choose(among: [[Array("ab".utf8)], [Array("xyz".utf8)]], rulesSharing: [:])
        == [Array("xyz".utf8)])
  }

  /// A thousand rules of the same shape keep the prefilter's answers exact.
  @Test func prefilteredAndRuleByRuleAgreeOnAThousandRulesSharingWords() throws {
    var text = ""
    var banners: [[UInt8]] = []
    for index in 0..<1000 {
      text += "/(Name\(index)x|Other\(index)y) mail service ready/ product \(index)\n"
      banners.append(Array("220 mx\(index) Other\(index)y mail service ready\r\n".utf8))
      banners.append(Array("220 mx\(index) Name\(index) mail service ready\r\n".utf8))
    }
    let rules = try RuleList(source: Array(text.utf8), file: "shared.rules")
    let fast = RuleMatcher(rules, strategy: .prefiltered)
    let naive = RuleMatcher(rules, strategy: .ruleByRule)
    for banner in banners { #expect(fast.evaluate(banner) == naive.evaluate(banner)) }
    #expect(fast.verdict(for: banners[2 * 417]) == .matched(rule: 417))
    #expect(fast.verdict(for: banners[2 * 417 + 1]) == .residue)
  }

  /// The scanner finds every literal that occurs, in short banners (one scan) and long
  /// ones (two interleaved halves), wherever the occurrence falls: across the middle,
  /// at either end, overlapping others.
  @Test func literalScannerFindsExactlyTheLiteralsThatOccur() {
    var random = SeededRandom(seed: 7)
    let alphabet = Array("abc\r\n\u{0}".utf8) + [0xFF]
    func text(_ count: Int) -> [UInt8] {
      (0..<count).map { _ in alphabet.randomElement(using: &random)! }
    }
    for round in 0..<300 {
      let literals = (0..<Int.random(in: 1...12, using: &random)).map { _ in
        text(Int.random(in: 1...(round % 3 == 0 ? 40 : 5), using: &random))
      }
      let scanner = LiteralScanner(
        literals: literals, payloadsOfLiteral: literals.indices.map { [Int32($0)] })
      for _ in 0..<20 {
        let banner = text(Int.random(in: 0...(round % 2 == 0 ? 600 : 60), using: &random))
        var bits = [UInt64](repeating: 0, count: 1)
        banner.withUnsafeBufferPointer { bytes in
          bits.withUnsafeMutableBufferPointer { scanner.markPayloads(of: bytes, in: $0) }
        }
        for (id, literal) in literals.enumerated() {
          let occurs =
            banner.count >= literal.count
            && (0...(banner.count - literal.count)).contains {
              banner[$0..<($0 + literal.count)].elementsEqual(literal)
            }
          #expect((bits[0] >> UInt64(id) & 1 == 1) == occurs)
        }
      }
    }
  }

  /// The prefilter must never lose a match: on thousands of generated banners, every
  /// rule's verdict is the same with and without it, for both lists of the posts.
  @Test func prefilteredAndRuleByRuleAgreeOnThePostsLists() throws {
    let lists = try ["rules/smtp-1997.rules", "rules/smtp-1998.rules"].map {
      try RuleList(contentsOf: packageRoot.appendingPathComponent($0).path)
    }
    var generator = BannerGenerator(rules: lists, seed: 42)
    let banners = (0..<4000).map { _ in generator.next() }
    for rules in lists {
      let fast = RuleMatcher(rules, strategy: .prefiltered)
      let naive = RuleMatcher(rules, strategy: .ruleByRule)
      var matched = 0
      for banner in banners {
        let expected = naive.evaluate(banner)
        #expect(fast.evaluate(banner) == expected, "\(TerminalSafe.escape(banner, limit: 200))")
        #expect(fast.verdict(for: banner) == naive.verdict(for: banner))
        matched += expected.matched.count
      }
      #expect(matched > banners.count, "the banners exercise the rules")
    }
  }

  /// Random regexes over a small alphabet, so literals, classes, groups, alternations
  /// and quantifiers collide often; each against banners built from the same alphabet.
  @Test func prefilteredAndRuleByRuleAgreeOnRandomRegexes() throws {
    var random = SeededRandom(seed: 2026)
    func pick(_ items: [String]) -> String { items[Int(random.next() % UInt64(items.count))] }
    func regex(depth: Int) -> String {
      var out = ""
      for _ in 0..<(1 + Int(random.next() % 5)) {
        switch random.next() % 10 {
        case 0 where depth < 3: out += "(" + regex(depth: depth + 1) + ")"
        case 1 where depth < 3:
          out += "(" + regex(depth: depth + 1) + "|" + regex(depth: depth + 1) + ")"
        case 2: out += pick([".", "[ab]", "[^a]", "\\.", "\\x61", "\\142", "^", "$"])
        default: out += pick(["a", "b", "c", "ab", "ba", "abc", " ", "x"])
        }
        if random.next() % 4 == 0 { out += pick(["*", "+", "?", "{2}", "{1,2}", "{0}", "{2,}"]) }
      }
      return out
    }
    var text = ""
    for index in 0..<300 { text += "/\(regex(depth: 0))/ rule\(index)\n" }
    let rules: RuleList
    do {
      rules = try AwkOracle.rules(text)
    } catch let error as InputError {
      // Some random regexes are not awk (a quantifier after `(`): drop those lines.
      let bad = Set(error.diagnostics.map(\.location.line))
      let kept = text.split(separator: "\n").enumerated().filter { !bad.contains($0.offset + 1) }
      rules = try AwkOracle.rules(kept.map { String($0.element) }.joined(separator: "\n") + "\n")
    }
    #expect(rules.rules.count > 200)
    let fast = RuleMatcher(rules, strategy: .prefiltered)
    let naive = RuleMatcher(rules, strategy: .ruleByRule)
    var matches = 0
    for _ in 0..<3000 {
      let length = Int(random.next() % 12)
      let banner = (0..<length).flatMap { _ in
        Array(pick(["a", "b", "c", " ", "x", ".", "\n"]).utf8)
      }
      let expected = naive.evaluate(banner)
      #expect(fast.evaluate(banner) == expected, "\(TerminalSafe.escape(banner))")
      matches += expected.matched.count
    }
    #expect(matches > 10_000, "the random rules match often enough to test something")
  }
}
