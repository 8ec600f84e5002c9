@testable import BannersCore

/// Runs a source regex with PCRE2 and the source's own flags (Nmap: PCRE2 as Nmap
/// compiles it; Recog: Ruby's always-on line anchors as PCRE2's MULTILINE), and its awk
/// translation through the project's RuleList, on the same banners.
struct ForeignRegexOracle {
  let source: PCRE2Pattern
  let translated: RuleMatcher
  let awk: String
  private let scratch = RegexMatchScratch(limits: .default)

  /// - Parameter pcre2Pattern: the pattern PCRE2 runs, when Ruby's syntax differs from
  ///   PCRE2's for the construct under test (`\h`, `{,n}`); by default `pattern` itself.
  init(
    _ pattern: String, flavor: ForeignRegex.Flavor, flags: ForeignRegex.Flags,
    pcre2Pattern: String? = nil
  ) throws {
    var options: PCRE2Options = [.neverUTF]
    if flags.contains(.caseless) { options.insert(.caseless) }
    if flags.contains(.dotAll) { options.insert(.dotAll) }
    if flags.contains(.multiline) || flavor == .ruby { options.insert(.multiline) }
    source = try PCRE2Pattern(Array((pcre2Pattern ?? pattern).utf8), options: options)
    let regex = ForeignRegex.parse(Array(pattern.utf8), flavor: flavor, flags: flags)
    let (awkBytes, obstacles) = regex.awkRegex()
    precondition(
      regex.obstacles.isEmpty && obstacles.isEmpty,
      "not exact: \((regex.obstacles + obstacles).map(\.reason))")
    awk = String(decoding: awkBytes, as: UTF8.self)
    let list = try RuleList(source: Array("/\(awk)/ match\n".utf8), file: "translated")
    translated = RuleMatcher(list, strategy: .ruleByRule)
  }

  func sourceMatches(_ banner: [UInt8]) throws -> Bool {
    try banner.withUnsafeBufferPointer {
      try source.program.firstMatch(in: $0, scratch: scratch) != nil
    }
  }

  func translationMatches(_ banner: [UInt8]) -> Bool {
    if case .matched = translated.verdict(for: banner) { return true }
    return false
  }
}

/// Banners for comparing two regexes: random strings over the pattern's own bytes and
/// the bytes where flavours differ (newlines, case, high bytes), plus one-byte edits of
/// `seeds`, so that both matches and near misses occur.
func comparisonBanners(for pattern: String, seeds: [String], count: Int = 3000) -> [[UInt8]] {
  var random = SeededRandom(seed: 0x5eed_0f_1eaf)
  var alphabet = Set(pattern.utf8)
  alphabet.formUnion(Array("\n\r\t aAzZ09_-.:".utf8) + [0x00, 0x0B, 0x0C, 0x80, 0xA0, 0xFF])
  let letters = Array(alphabet).sorted()
  var banners: [[UInt8]] = [[]]
  var seen: Set<[UInt8]> = [[]]
  let seedBytes = seeds.map { Array($0.utf8) }
  for index in 0..<count {
    if !seedBytes.isEmpty, index % 2 == 0 {
      var banner = seedBytes[Int(random.next() % UInt64(seedBytes.count))]
      let edits = Int(random.next() % 3)
      for _ in 0..<edits {
        let position = banner.isEmpty ? 0 : Int(random.next() % UInt64(banner.count + 1))
        let byte = letters[Int(random.next() % UInt64(letters.count))]
        switch random.next() % 3 {
        case 0: banner.insert(byte, at: position)
        case 1 where position < banner.count: banner.remove(at: position)
        default: if position < banner.count { banner[position] = byte }
        }
      }
      if seen.insert(banner).inserted { banners.append(banner) }
    } else {
      let length = Int(random.next() % 12)
      let banner = (0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }
      if seen.insert(banner).inserted { banners.append(banner) }
    }
  }
  return banners
}
