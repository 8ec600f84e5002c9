import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// Issue 12, "no undecided rules": random awk regexes over `a` and `b`, matched by
/// banners under a tiny backtracking limit (so that the DFA fallback decides often)
/// and by gawk, mawk (on the short banners) and original-awk. No regex may be left
/// undecided, and wherever the awks agree, banners must give the same yes or no.
@Suite struct RandomRegexTests {
  /// A small random ERE: literals, `.`, bracket expressions, groups, alternation and
  /// the three postfix operators (nested repetition, the backtracking killer), with
  /// `^` and `$` only at the ends, where every awk reads them as anchors.
  struct RegexGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      // SplitMix64: deterministic across platforms, so a failure can be replayed.
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    mutating func regex() -> String {
      var text = expression(depth: 0)
      if Int.random(in: 0..<3, using: &self) == 0 { text = "^" + text }
      if Int.random(in: 0..<3, using: &self) == 0 { text += "$" }
      return text
    }

    mutating func expression(depth: Int) -> String {
      var branches = [sequence(depth: depth)]
      while depth < 3, Int.random(in: 0..<4, using: &self) == 0 {
        branches.append(sequence(depth: depth))
      }
      return branches.joined(separator: "|")
    }

    mutating func sequence(depth: Int) -> String {
      (0..<Int.random(in: 1...3, using: &self)).map { _ in piece(depth: depth) }.joined()
    }

    mutating func piece(depth: Int) -> String {
      let atoms = ["a", "b", ".", "[ab]", "[^a]"]
      var atom =
        depth < 3 && Int.random(in: 0..<3, using: &self) == 0
        ? "(" + expression(depth: depth + 1) + ")"
        : atoms[Int.random(in: 0..<atoms.count, using: &self)]
      switch Int.random(in: 0..<6, using: &self) {
      case 0: atom += "*"
      case 1: atom += "+"
      case 2: atom += "?"
      default: break
      }
      return atom
    }
  }

  @Test func noRandomRegexIsLeftUndecidedAndAllAgreeWithAwk() throws {
    var generator = RegexGenerator(state: 12)
    let regexes = (0..<600).map { _ in generator.regex() }
    // Banners of ~27 bytes, as in the report: long enough for nested stars to explode.
    var banners: [String] = []
    for length in [0, 1, 5, 20, 27, 27, 27, 40] {
      for _ in 0..<3 {
        banners.append(
          String((0..<length).map { _ in Bool.random(using: &generator) ? "a" : "b" }))
      }
      banners.append(String(repeating: "a", count: length) + "b")
    }

    // Ours: a tiny limit, so backtracking gives up often and the DFA decides.
    let limits = MatchLimits(matchLimit: 200, depthLimit: 200)
    var ours: [[Bool]] = []
    var limitHits = 0
    for regex in regexes {
      let rules = try AwkOracle.rules("/\(regex)/ yes\n")
      // PCRE2 on every rule (the rule list's lazy DFA would answer without backtracking).
      let matcher = RuleMatcher(rules, limits: limits, strategy: .prefiltered)
      let automaton = RuleMatcher(rules, limits: limits)
      let withoutDFA = RuleMatcher(
        rules, limits: MatchLimits(matchLimit: 200, depthLimit: 200, dfaWorkspaceLimit: 0))
      ours.append(
        banners.map { banner in
          let verdict = matcher.verdict(for: Array(banner.utf8))
          if case .undecided(_, let reason) = verdict {
            Issue.record("/\(regex)/ undecided on \(banner): \(reason)")
          }
          if case .undecided = withoutDFA.verdict(for: Array(banner.utf8)) { limitHits += 1 }
          #expect(automaton.verdict(for: Array(banner.utf8)) == verdict, "/\(regex)/ on \(banner)")
          return verdict == .matched(rule: 0)
        })
    }
    // The test is only worth something if the fallback really ran.
    #expect(limitHits >= 20, "only \(limitHits) limit hits")

    // Theirs: one awk program prints a 0/1 string per banner, one digit per regex.
    var program = "{ s = \"\"\n"
    for regex in regexes { program += "  s = s ($0 ~ /\(regex)/ ? 1 : 0)\n" }
    program += "  print s }\n"
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let programURL = directory.appendingPathComponent("p.awk")
    try Data(program.utf8).write(to: programURL)
    // mawk backtracks too (/^((a|a)*)*$/ on 12 `a`s and a `b` takes it 7 s, on 20 more
    // than 20 s), so it answers on the banners of up to 5 bytes only; gawk and
    // original-awk on all of them.
    let shortRows = banners.indices.filter { banners[$0].utf8.count <= 5 }
    var answers: [[Int: String]] = []
    for awk in AwkOracle.installed {
      let rows = awk == "mawk" ? shortRows : Array(banners.indices)
      let inputURL = directory.appendingPathComponent("banners-\(awk).txt")
      try Data((rows.map { banners[$0] }.joined(separator: "\n") + "\n").utf8).write(to: inputURL)
      let run = try runProgram(
        "/usr/bin/env", ["LC_ALL=C", awk, "-f", programURL.path, inputURL.path])
      try #require(run.status == 0, "\(awk): \(run.stderr)")
      let lines = run.stdout.split(separator: "\n").map(String.init)
      try #require(lines.count == rows.count, "\(awk) printed \(lines.count) lines")
      answers.append(Dictionary(uniqueKeysWithValues: zip(rows, lines)))
    }
    try #require(answers.count == 3, "CI installs gawk, mawk and original-awk")

    var compared = 0
    var comparedWithAllThree = 0
    for (row, banner) in banners.enumerated() {
      let digits = answers.compactMap { $0[row].map(Array.init) }
      for (column, regex) in regexes.enumerated() {
        let theirs = digits.map { $0[column] }
        guard theirs.allSatisfy({ $0 == theirs[0] }) else { continue }
        compared += 1
        if theirs.count == 3 { comparedWithAllThree += 1 }
        #expect(
          ours[column][row] == (theirs[0] == "1"),
          "/\(regex)/ on \"\(banner)\": awk says \(theirs[0]), banners says \(ours[column][row])")
      }
    }
    #expect(comparedWithAllThree >= regexes.count * shortRows.count * 9 / 10)
    #expect(compared >= regexes.count * banners.count * 9 / 10)
  }
}
