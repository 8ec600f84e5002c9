import BannersCore
import BannersTestSupport
import Testing

/// Issue 12's corners, decided by the awks themselves rather than by a table: each regex
/// runs in gawk, mawk and original-awk beside banners on the same banners. Wherever two
/// of the three agree on a banner, banners must agree with them; wherever they differ
/// (or one rejects the regex), the rule must carry a portability warning.
@Suite struct AwkCornerTests {
  /// The corners named in the issue, then the quantified-`$` forms around them.
  static let corners = [
    "$+$", "$*", "$?", "$$", "^*", "^+", "^?", "^*a", "^+a", "^?a", "a{,2}", "a{,2}b",
    "\\56", "\\x2e", "\\174", "a\\56b", "a\\x2eb", "a\\174b", "a\\52",
    "$+", "a$+", "a$+$", "$+$+", "$$+", "$$$", "$$$+", "$*$", "$?$", "$+$*", "a$*", "a$?",
    "a$$", "a$*$", "x$*", "$*a", "a$?b", "($+)$", "$+($)", "($+$)", "($)+$", "(($+)$)",
    "^$+$", "^($+)$", "(^)$+$", "$+(^)$", "$+|b", "b|$+$", "(a|$+$)", "a($+$)", "(b|$+$)",
    "($+)", "($+|b)$",
  ]

  static let banners: [[UInt8]] = [
    "", "a", "b", "ab", "ba", "xa", "ax", "xb", "aa", "$", "a$", "$a", "^", "^a", "*a", "+a",
    "?a", "a{,2}", "a{,2}b", "a.b", "axb", "a|b", "|", "a*", ".", "220 ready\r\n",
  ].map { Array($0.utf8) }

  @Test(arguments: corners)
  func bannersFollowsTheMajorityAndWarnsWhereTheAwksDiffer(_ regex: String) throws {
    try #require(AwkOracle.installed == AwkOracle.awks, "the test needs all three awks")
    let rules = try AwkOracle.rules("/\(regex)/ yes\n")
    var answers: [[Bool]] = []
    for awk in AwkOracle.awks {
      let labels = try AwkOracle.labels(awk: awk, rules: rules, banners: Self.banners).labels
      if let labels { answers.append(labels.map { $0 == "yes" }) }
    }
    var differ = answers.count < AwkOracle.awks.count  // one rejects what the others read
    let matcher = RuleMatcher(rules)
    for (index, banner) in Self.banners.enumerated() {
      let yes = answers.count { $0[index] }
      let no = answers.count - yes
      if yes > 0 && no > 0 { differ = true }
      let ours = matcher.verdict(for: banner) == .matched(rule: 0)
      if yes >= 2 { #expect(ours, "the majority matches \(TerminalSafe.escape(banner))") }
      if no >= 2 { #expect(!ours, "the majority does not match \(TerminalSafe.escape(banner))") }
    }
    if differ {
      #expect(rules.warnings.contains { $0.message.contains("not portable") })
    }
  }
}
