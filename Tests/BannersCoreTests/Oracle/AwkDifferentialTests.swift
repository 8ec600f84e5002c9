import BannersCore
import BannersTestSupport
import Testing

/// The posts' rule lists, run by gawk, mawk and original-awk and by banners on the same
/// thousands of generated banners: wherever the three awks agree, banners must too.
@Suite struct AwkDifferentialTests {
  static let lists = ["rules/smtp-1997.rules", "rules/smtp-1998.rules"]

  @Test func allThreeAwksAreInstalled() {
    #expect(AwkOracle.installed == AwkOracle.awks, "CI installs gawk, mawk and original-awk")
  }

  @Test(arguments: lists)
  func bannersAgreesWithAwkOnGeneratedBanners(list: String) throws {
    let rules = try RuleList(contentsOf: packageRoot.appendingPathComponent(list).path)
    let bothLists = try Self.lists.map {
      try RuleList(contentsOf: packageRoot.appendingPathComponent($0).path)
    }
    var generator = BannerGenerator(rules: bothLists, seed: 1998)
    let banners = (0..<3000).map { _ in generator.next() }

    var awkLabels: [[String]] = []
    for awk in AwkOracle.installed {
      let result = try AwkOracle.labels(awk: awk, rules: rules, banners: banners)
      let labels = try #require(
        result.labels, "\(awk) rejected the exported program: \(result.error)")
      try #require(
        labels.count == banners.count,
        "\(awk) printed \(labels.count) labels for \(banners.count) banners")
      awkLabels.append(labels)
    }
    try #require(awkLabels.count == 3)

    let matcher = RuleMatcher(rules)
    var compared = 0
    var labelled = 0
    for (index, banner) in banners.enumerated() {
      let oracle = awkLabels[0][index]
      guard awkLabels.allSatisfy({ $0[index] == oracle }) else { continue }
      compared += 1
      let ours = rules.label(of: matcher.verdict(for: banner))
      if oracle != RuleList.residueLabel { labelled += 1 }
      #expect(
        ours == oracle,
        "banner #\(index) \(TerminalSafe.escape(banner, limit: 200)): awk says \(oracle), banners says \(ours)"
      )
    }
    // The comparison is only worth something if the awks agree on most banners and the
    // banners exercise the rules, not just the residue.
    #expect(
      compared >= banners.count * 9 / 10, "the awks agreed on only \(compared) of \(banners.count)")
    #expect(labelled >= banners.count / 3, "only \(labelled) banners matched a rule")
  }
}
