/// `banners report --partial`: the first pass of `report` over one shard of a corpus,
/// written out whole, so that `banners merge` adds shards up into the report one run
/// over all of them prints (`ReportMerge`).
///
/// JSON Lines, flat objects (strings, integers 0 or more, booleans), in this order:
///
///     {"type":"report_partial","version":1,"rules":FILE,"rules_fingerprint":HEX16,
///      "examples":N,"limit":N,"max_groups":N,"match_limit":N,"depth_limit":N,
///      "heap_limit_kib":N,"jit_stack_bytes":N,"dfa_workspace_limit":N,"rules_source":TEXT}
///     {"type":"counts","records":N,"connections":N,"classified":N,"residue":N,
///      "undecided":N,"ambiguous_banners":N,"limit_hits":N,"bad_lines":N,
///      "residue_pruned":N,"residue_overflow":N}
///     {"type":"failure","reason":TEXT,"count":N}            the posts' tables (--html)
///     {"type":"software","label":TEXT,"count":N}
///     {"type":"coverage","rule":I,"wins":N,"matches":N,"limit_hits":N}   every rule, I 0-based
///     {"type":"claimed","rule":I,"by":J,"count":N}           RuleCoverage.claimedBy
///     {"type":"overlap","ambiguous":BOOL,"winner":I,"loser":J,"count":N}
///     {"type":"shape","shape":KEY,"count":N}                 every residue shape, first seen first
///     {"type":"example","file":F,"line":N,"target":T,"banner":TEXT}   of the overlap or shape above
///     {"type":"undecided","rule":I,"reason":R,"file":F,"line":N,"target":T,"banner":TEXT}
///     {"type":"limit_hit","rule":I,"reason":R,"file":F,"line":N,"target":T,"banner":TEXT}
///     {"type":"end","objects":N}                             objects of this partial, end included
///
/// `rules_source` is the rule file itself (`rules_source_b64` when it is not UTF-8), so
/// that a merge needs no other file; `rules_fingerprint` is FNV-1a (64 bits) of the
/// file's name, a 0 byte and its bytes. A shape's `KEY` is `ResidueShape.key` (fields as
/// 0x00 and a code 1...5, a literal 0x00 doubled), `shape_b64` when not UTF-8; a banner
/// is `banner` or `banner_b64`, as everywhere. The `end` object tells a whole partial
/// from a cut one, and lets several partials follow one another in one stream.
public enum ReportPartial {
  /// The format's version: a merge reads only its own.
  public static let version = 1

  /// The options that shape a report: partials merge only when they agree.
  struct Settings: Hashable {
    var rules: String
    var rulesFingerprint: String
    var options: CorpusReport.Options
    var limits: [Int]

    init(rules: String, rulesFingerprint: String, options: CorpusReport.Options, limits: [Int]) {
      self.rules = rules
      self.rulesFingerprint = rulesFingerprint
      self.options = options
      self.limits = limits
    }

    init(_ report: CorpusReport, ruleSource: [UInt8]) {
      self.init(
        rules: report.rules.file,
        rulesFingerprint: ReportPartial.fingerprint(of: report.rules.file, ruleSource),
        options: report.options, limits: ReportPartial.limitValues(report.examination.limits))
    }

    static let limitNames = [
      "match_limit", "depth_limit", "heap_limit_kib", "jit_stack_bytes", "dfa_workspace_limit",
    ]
  }

  static func limitValues(_ limits: MatchLimits) -> [Int] {
    [
      Int(limits.matchLimit), Int(limits.depthLimit), Int(limits.heapLimitKiB),
      limits.jitStackBytes, limits.dfaWorkspaceLimit,
    ]
  }

  static func limits(from values: [Int]) -> MatchLimits {
    MatchLimits(
      matchLimit: UInt32(clamping: values[0]), depthLimit: UInt32(clamping: values[1]),
      heapLimitKiB: UInt32(clamping: values[2]), jitStackBytes: values[3],
      dfaWorkspaceLimit: values[4])
  }

  /// The rule list's fingerprint: FNV-1a, 64 bits, of `file`, a 0 byte and `source`, in
  /// 16 hex digits. It tells rule lists apart, it does not guard against forgery.
  public static func fingerprint(of file: String, _ source: [UInt8]) -> String {
    var hash = FNV1a()
    hash.add(Array(file.utf8))
    hash.add([0])
    hash.add(source)
    return hash.hex
  }

  /// The partial of `report` (after its first pass), whose rule file holds `ruleSource`.
  public static func jsonLines(_ report: CorpusReport, ruleSource: [UInt8]) -> String {
    let settings = Settings(report, ruleSource: ruleSource)
    var objects: [String] = []
    var header =
      "{\"type\":\"report_partial\",\"version\":\(version),\"rules\":\(JSONText.quote(settings.rules))"
    header += ",\"rules_fingerprint\":\"\(settings.rulesFingerprint)\""
    header += ",\"examples\":\(report.options.examples),\"limit\":\(report.options.limit)"
    header += ",\"max_groups\":\(report.options.maxGroups)"
    for (name, value) in zip(Settings.limitNames, settings.limits) {
      header += ",\"\(name)\":\(value)"
    }
    header += "," + JSONText.bannerMember(ruleSource, name: "rules_source") + "}"
    objects.append(header)
    let counts = report.counts
    objects.append(
      "{\"type\":\"counts\",\"records\":\(counts.records),\"connections\":\(counts.connections)"
        + ",\"classified\":\(counts.classified),\"residue\":\(counts.residue)"
        + ",\"undecided\":\(counts.undecided),\"ambiguous_banners\":\(report.overlaps.ambiguousBanners)"
        + ",\"limit_hits\":\(report.limitHitCount),\"bad_lines\":\(report.badLines)"
        + ",\"residue_pruned\":\(report.residue.pruned),\"residue_overflow\":\(report.residue.overflow)}"
    )
    for row in report.tally.failureRows {
      objects.append(
        "{\"type\":\"failure\",\"reason\":\(JSONText.quote(row.label)),\"count\":\(row.count)}")
    }
    for row in report.tally.softwareRows {
      objects.append(
        "{\"type\":\"software\",\"label\":\(JSONText.quote(row.label)),\"count\":\(row.count)}")
    }
    for coverage in report.coverage {
      objects.append(
        "{\"type\":\"coverage\",\"rule\":\(coverage.rule),\"wins\":\(coverage.wins)"
          + ",\"matches\":\(coverage.matches),\"limit_hits\":\(coverage.limitHits)}")
      for (by, count) in coverage.claimedBy.sorted(by: { $0.key < $1.key }) {
        objects.append(
          "{\"type\":\"claimed\",\"rule\":\(coverage.rule),\"by\":\(by),\"count\":\(count)}")
      }
    }
    for (ambiguous, pairs) in [
      (true, report.overlaps.ambiguous), (false, report.overlaps.redundant),
    ] {
      for pair in OverlapCounter.sorted(pairs) {
        objects.append(
          "{\"type\":\"overlap\",\"ambiguous\":\(ambiguous),\"winner\":\(pair.winner)"
            + ",\"loser\":\(pair.loser),\"count\":\(pair.count)}")
        for example in pair.examples { objects.append("{\"type\":\"example\"" + members(example)) }
      }
    }
    for group in report.residue.firstSeen {
      objects.append(
        "{\"type\":\"shape\"," + JSONText.bannerMember(group.shape.key, name: "shape")
          + ",\"count\":\(group.count)}")
      for example in group.examples { objects.append("{\"type\":\"example\"" + members(example)) }
    }
    for item in report.undecided.cases {
      let rule = report.rules.rules.firstIndex(of: item.rule) ?? 0
      objects.append(
        "{\"type\":\"undecided\",\"rule\":\(rule),\"reason\":\(JSONText.quote(item.reason))"
          + members(item.example))
    }
    for hit in report.limitHits {
      objects.append(
        "{\"type\":\"limit_hit\",\"rule\":\(hit.rule),\"reason\":\(JSONText.quote(hit.reason))"
          + members(hit.example))
    }
    objects.append("{\"type\":\"end\",\"objects\":\(objects.count + 1)}")
    return objects.joined(separator: "\n") + "\n"
  }

  /// `,"file":...,"line":...,"target":...,"banner":...}`: an example's members, closing
  /// the object.
  static func members(_ example: BannerExample) -> String {
    var out = ",\"file\":\(JSONText.quote(example.source.file)),\"line\":\(example.source.line)"
    if example.source.column > 0 { out += ",\"column\":\(example.source.column)" }
    if let target = example.target { out += ",\"target\":\(JSONText.quote(target))" }
    return out + "," + JSONText.bannerMember(example.banner) + "}"
  }
}

/// FNV-1a, 64 bits: a cheap fingerprint to tell inputs apart (not against forgery).
struct FNV1a {
  private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

  mutating func add<C: Sequence>(_ bytes: C) where C.Element == UInt8 {
    for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
  }

  /// A number, as its decimal digits and a separator (so `1,23` and `12,3` differ).
  mutating func add(_ number: Int) {
    add(Array(String(number).utf8))
    add([0x2C])
  }

  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
