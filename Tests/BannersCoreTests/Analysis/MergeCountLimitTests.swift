import Testing

@testable import BannersCore

/// The files `banners merge` reads travel between machines: a count past 2^53-1, or
/// counts that add up past it, are an error naming the file and line, never an `Int`
/// overflow (a trap) and never a number that other JSON readers would round.
@Suite struct MergeCountLimitTests {
  static let maximum = 9_007_199_254_740_991

  /// `files` added in order to `merge` until one is refused, and that one's errors.
  static func merged<Merge: InputMerge>(_ merge: Merge, _ files: [(String, String)])
    -> (Merge, [Diagnostic])
  {
    var merge = merge
    for (name, text) in files {
      do throws(InputError) {
        try merge.add(jsonLines: Array(text.utf8), file: name)
      } catch {
        return (merge, error.diagnostics)
      }
    }
    return (merge, [])
  }

  static func tallyMerge(_ files: [(String, String)]) -> (TallyMerge, [Diagnostic]) {
    merged(TallyMerge(), files)
  }

  static func tally(_ count: String) -> String {
    "{\"type\":\"software\",\"label\":\"Postfix\",\"count\":\(count)}\n"
      + "{\"type\":\"summary\",\"records\":\(count)}\n"
  }

  @Test func aTallyCountPastTheLimitIsAnErrorNamingItsLine() {
    let counts = [
      "9007199254740992", "9223372036854775807", "9223372036854775808",
      "1" + String(repeating: "0", count: 400),
    ]
    for count in counts {
      let (_, errors) = Self.tallyMerge([("a.json", Self.tally(count))])
      #expect(errors.first?.location == SourceLocation(file: "a.json", line: 1), "\(count)")
      #expect(errors.first?.message.contains("past 2^53-1") == true, "\(count)")
    }
    let (merge, errors) = Self.tallyMerge([("a.json", Self.tally(String(Self.maximum)))])
    #expect(errors.isEmpty)
    #expect(merge.tally.records == Self.maximum)
  }

  /// Before: two rows of 2^63-1 trapped on `+=` (SIGILL); rows each within the limit
  /// still must not add up past it.
  @Test func tallyRowsThatAddUpPastTheLimitAreAnErrorNotATrap() {
    let half = String(Self.maximum / 2 + 1)
    let rows =
      "{\"type\":\"software\",\"label\":\"a\",\"count\":\(half)}\n"
      + "{\"type\":\"failure\",\"reason\":\"timeout\",\"count\":\(half)}\n"
      + "{\"type\":\"summary\",\"records\":1}\n"
    let (_, errors) = Self.tallyMerge([("rows.json", rows)])
    #expect(errors.first?.location == SourceLocation(file: "rows.json", line: 2))
    #expect(errors.first?.message.contains("past 2^53-1") == true)
  }

  @Test func tallyRunsThatAddUpPastTheLimitAreAnErrorNamingTheSummary() {
    let big = Self.tally(String(Self.maximum - 1))
    // Within one file (runs one after another) and over two files.
    let (_, one) = Self.tallyMerge([("both.json", big + big)])
    #expect(one.first?.location == SourceLocation(file: "both.json", line: 4))
    let (merge, two) = Self.tallyMerge([("1.json", big), ("2.json", big)])
    #expect(two.first?.location == SourceLocation(file: "2.json", line: 2))
    #expect(two.first?.message.contains("past 2^53-1") == true)
    #expect(merge.tally.records == Self.maximum - 1, "nothing of 2.json is added")
  }

  // MARK: - Report partials

  /// A one-rule partial whose every count is `count` (every record a connection the
  /// rule classifies), `examples` per example list.
  static func partial(_ count: Int, examples: Int = 2, shapes: [Int] = []) throws -> String {
    let source = Array("/Postfix/ Postfix\n".utf8)
    let rules = try RuleList(source: source, file: "one.rules")
    var report = CorpusReport(
      rules: rules, options: CorpusReport.Options(examples: examples, limit: 20, maxGroups: 100))
    let residue = shapes.reduce(0, +)
    report.counts.records = count + residue
    report.counts.connections = count + residue
    report.counts.classified = count
    report.counts.residue = residue
    report.coverage[0].wins = count
    report.coverage[0].matches = count
    report.residue = ResidueGroups(
      capacity: 100, examples: examples,
      groups: zip(["220 ready\r\n", "554 go away\r\n", "421 busy\r\n"], shapes).map {
        ResidueGroups.Group(shape: ResidueShape(of: Array($0.utf8)), count: $1)
      }, pruned: 0, overflow: 0)
    return ReportPartial.jsonLines(report, ruleSource: source)
  }

  static func reportMerge(_ files: [(String, String)]) -> (ReportMerge, [Diagnostic]) {
    merged(ReportMerge(), files)
  }

  @Test func aPartialCountPastTheLimitIsAnErrorNamingItsLine() throws {
    let text = try Self.partial(Self.maximum).replacingOccurrences(
      of: "\"wins\":\(Self.maximum)", with: "\"wins\":9223372036854775807")
    let (_, errors) = Self.reportMerge([("a.partial", text)])
    #expect(errors.map(\.location) == [SourceLocation(file: "a.partial", line: 4)])
    #expect(errors.first?.message.contains("\"wins\" is a count past 2^53-1") == true)
  }

  /// Before: partials of 2^63-1 records trapped when added up (SIGILL in
  /// `CorpusReport.merge`); now each count, and every sum of them, stays within 2^53-1.
  @Test func partialsThatAddUpPastTheLimitAreAnErrorNamingTheSecond() throws {
    let big = try Self.partial(Self.maximum - 1)
    let (merge, errors) = Self.reportMerge([("1.partial", big), ("2.partial", big)])
    #expect(errors.map(\.location) == [SourceLocation(file: "2.partial", line: 1)])
    #expect(errors.first?.message.contains("adding this partial, the records") == true)
    #expect(merge.firstPass?.counts.records == Self.maximum - 1, "nothing of 2.partial is added")
    // The same two one after another in one file.
    let (_, one) = Self.reportMerge([("both.partial", big + big)])
    #expect(one.first?.location.file == "both.partial")
    #expect(one.first?.message.contains("past 2^53-1") == true)
  }

  /// Shapes within the limit each, summing past it: the residue count cannot match, and
  /// the sum is computed without overflow.
  @Test func residueShapesThatAddUpPastTheLimitAreAnError() throws {
    let text = try Self.partial(1, shapes: [5, 7]).replacingOccurrences(
      of: "\"count\":5}", with: "\"count\":\(Self.maximum)}"
    ).replacingOccurrences(of: "\"count\":7}", with: "\"count\":\(Self.maximum)}")
    let (_, errors) = Self.reportMerge([("shapes.partial", text)])
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("does not add up") == true, "\(errors)")
  }

  /// Before: `--examples` of 2^63-1 (a header a merge reads back) trapped on
  /// `examples * 5`, the limit hits kept, when two partials merged.
  @Test func aPartialWithAHugeExampleCountMergesWithoutOverflow() throws {
    let big = try Self.partial(3, examples: Int.max)
    let (merge, errors) = Self.reportMerge([("1.partial", big), ("2.partial", big)])
    #expect(errors.isEmpty)
    #expect(merge.firstPass?.counts.records == 6)
    #expect(CorpusReport.Options(examples: Int.max).limitHitsKept == Int.max)
    #expect(CorpusReport.Options(examples: 0).limitHitsKept == 5)
  }

  // MARK: - Checks

  static func check(_ text: String) -> [Diagnostic] {
    var errors: [Diagnostic] = []
    let objects = FlatJSONObject.lines(of: Array(text.utf8), file: "c.check", errors: &errors)
    _ = ShardCheck(objects[...], errors: &errors)
    return errors
  }

  static let checkHeader =
    "{\"type\":\"report_check\",\"version\":1,\"rules\":\"r\",\"rules_fingerprint\":\"0\",\"check_fingerprint\":\"0\",\"candidates\":2,"

  @Test func aCheckClaimingMoreThanItsRecordsIsAnError() {
    let errors = Self.check(
      Self.checkHeader + "\"records\":10}\n"
        + "{\"type\":\"claims\",\"candidate\":1,\"slot\":0,\"count\":6}\n"
        + "{\"type\":\"claims\",\"candidate\":1,\"slot\":1,\"count\":5}\n"
        + "{\"type\":\"end\",\"objects\":4}\n")
    #expect(errors.map(\.location) == [SourceLocation(file: "c.check", line: 3)])
    #expect(errors.first?.message.contains("more banners than the check's 10 records") == true)
  }

  @Test func aCheckCountPastTheLimitIsAnErrorNamingItsLine() {
    let header = Self.check(
      Self.checkHeader + "\"records\":9223372036854775807}\n{\"type\":\"end\",\"objects\":2}\n")
    #expect(header.map(\.location) == [SourceLocation(file: "c.check", line: 1)])
    let claims = Self.check(
      Self.checkHeader + "\"records\":10}\n"
        + "{\"type\":\"claims\",\"candidate\":1,\"slot\":0,\"count\":99999999999999999999}\n"
        + "{\"type\":\"end\",\"objects\":3}\n")
    #expect(claims.map(\.location) == [SourceLocation(file: "c.check", line: 2)])
    #expect(claims.first?.message.contains("past 2^53-1") == true)
  }
}
