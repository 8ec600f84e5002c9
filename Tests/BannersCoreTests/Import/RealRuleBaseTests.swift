import Foundation
import Testing

@testable import BannersCore

/// The published rule bases themselves, when a maintainer points at them (their data is
/// never copied into this repository):
///
///     BANNERS_NMAP_SERVICE_PROBES=/usr/share/nmap/nmap-service-probes \
///     BANNERS_RECOG_XML=recog/xml/smtp_banners.xml swift test --filter RealRuleBaseTests
///
/// Every rule that translated exactly must agree with PCRE2 (the source's flags) on
/// samples of its own language, their one-byte edits and Recog's examples.
@Suite struct RealRuleBaseTests {
  static let environment = ProcessInfo.processInfo.environment

  func compare(
    _ rule: ImportedRule, pattern: [UInt8], flavor: ForeignRegex.Flavor,
    flags: ForeignRegex.Flags, examples: [[UInt8]]
  ) throws -> String? {
    let text = String(decoding: pattern, as: UTF8.self)
    let oracle = try ForeignRegexOracle(text, flavor: flavor, flags: flags)
    var sampler = ForeignRegexSampler(random: SeededRandom(seed: UInt64(rule.location.line)))
    let parsed = ForeignRegex.parse(pattern, flavor: flavor, flags: flags)
    var seeds = examples.map { String(decoding: $0, as: UTF8.self) }
    for _ in 0..<40 { seeds.append(String(decoding: sampler.sample(parsed.root), as: UTF8.self)) }
    for banner in comparisonBanners(for: text, seeds: seeds, count: 150) + examples {
      let expected: Bool
      do {
        expected = try oracle.sourceMatches(banner)
      } catch {
        continue  // the source itself gives up (PCRE2's limit): no answer to compare
      }
      if oracle.translationMatches(banner) != expected {
        return
          "\(rule.location): /\(oracle.awk)/ says \(!expected) on \(TerminalSafe.escape(banner))"
      }
    }
    return nil
  }

  @Test(.enabled(if: environment["BANNERS_NMAP_SERVICE_PROBES"] != nil))
  func nmapSmtpMatchesAgreeWithPCRE2() throws {
    let path = Self.environment["BANNERS_NMAP_SERVICE_PROBES"]!
    let probes = try NmapServiceProbes(
      parsing: try FileBytes.read(path, limit: FileBytes.ruleFileLimit), file: path)
    let selected = probes.matches.filter {
      $0.service == "smtp" && ["NULL", "Help"].contains($0.probe)
    }
    let imported = probes.ruleImport(probes: ["NULL", "Help"], service: "smtp", approximate: false)
    var failures: [String] = []
    // ruleImport puts soft matches last; pair rules with their matches by location.
    let byLocation = Dictionary(selected.map { ($0.location, $0) }, uniquingKeysWith: { a, _ in a })
    for rule in imported.rules where rule.status == .exact {
      let match = try #require(byLocation[rule.location])
      if let failure = try compare(
        rule, pattern: match.pattern, flavor: .pcre, flags: match.flags, examples: [])
      {
        failures.append(failure)
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
    #expect(imported.exactCount > 0)
  }

  @Test(.enabled(if: environment["BANNERS_RECOG_XML"] != nil))
  func recogFingerprintsAgreeWithPCRE2() throws {
    let path = Self.environment["BANNERS_RECOG_XML"]!
    let file = try RecogFingerprints(
      parsing: try FileBytes.read(path, limit: FileBytes.ruleFileLimit), file: path)
    let imported = file.ruleImport(file: path, approximate: false)
    var failures: [String] = []
    for (fingerprint, rule) in zip(file.fingerprints, imported.rules) where rule.status == .exact {
      let (flags, _) = RecogFingerprints.flags(fingerprint.flags)
      if let failure = try compare(
        rule, pattern: fingerprint.pattern, flavor: .ruby, flags: flags,
        examples: fingerprint.examples.map(\.banner))
      {
        failures.append(failure)
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
    #expect(imported.exactCount > 0)
  }
}
