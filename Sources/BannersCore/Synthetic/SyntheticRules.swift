// Rule lists of any size for the scaling measurement (the benchmark) and for lint's
// cost on a long list (tests): the design asks that the cost of
// matching grow far less than linearly with the number of rules (100, 1,000, 10,000).
// The posts' lists stop at 97, so the rest are generated, in the shapes real banner rule
// lists use (a product name with a version, a greeting anchored at the start, names in
// an alternation, a name followed by a word every banner has), and a share of the
// banners is made to match them, so the work is not only rejecting.

public struct SyntheticRules: Sendable {
  /// The generated rules, as lines of a rule file.
  public var lines: [String] = []
  /// Banners that the generated rules are meant to claim.
  public var banners: [[UInt8]] = []

  public init(count: Int, seed: UInt64 = 1998) {
    var random = SeededRandom(seed: seed)
    func name() -> String {
      let syllables = [
        "ka", "lo", "mi", "ser", "vex", "tor", "quin", "dal", "ro", "zen", "pha", "gu",
      ]
      let parts = (0..<Int.random(in: 2...4, using: &random)).map { _ in
        syllables.randomElement(using: &random)!
      }
      let word = parts.joined()
      return word.prefix(1).uppercased() + word.dropFirst()
    }
    for index in 0..<count {
      let product = name()
      let other = name()
      let host = "mx\(index).example.net"
      switch index % 5 {
      case 0:
        lines.append("/\(product) SMTP Server v[0-9]+\\.[0-9]/ \(product)")
        banners.append(Array("220 \(host) \(product) SMTP Server v4.2 ready\r\n".utf8))
      case 1:
        lines.append("/^220 [^ ]+ \(product) ESMTP/ \(product)")
        banners.append(Array("220 \(host) \(product) ESMTP\r\n214 ok\r\n".utf8))
      case 2:
        lines.append("/(\(product)|\(other)) mail service ready/ \(product)")
        banners.append(Array("220 \(host) \(other) mail service ready\r\n".utf8))
      case 3:
        lines.append("/\(product)-[0-9]+ \\(.*\\) ready/ \(product)")
        banners.append(Array("220 \(host) \(product)-7 (build 12) ready\r\n".utf8))
      default:
        lines.append("/[Ww]elcome to \(product)/ \(product)")
        banners.append(Array("220 \(host) Welcome to \(product)\r\n".utf8))
      }
    }
  }
}

extension SyntheticRules {
  /// The benchmark's long lists: the rule file `base` followed by generated rules up to
  /// `total` rules in all, as `banners-bench --lint` and `banners generate-rules` build
  /// them, byte for byte (`rules/smtp-1998.rules` and 9,903 generated rules make the
  /// 10,000-rule list lint is measured on).
  public static func list(appendedTo base: [UInt8], total: Int) -> [UInt8] {
    let baseRules = RuleParser.parse(base, file: "").rules.count
    let generated = SyntheticRules(count: max(0, total - baseRules))
    return base + Array(("\n" + generated.lines.joined(separator: "\n") + "\n").utf8)
  }
}
