import BannersTestSupport
import Foundation
import Testing

/// Issue 13, "beyond one machine": report's two passes, run as two rounds over the
/// shards of a corpus (`report --partial`, `merge --partial`, `report --check`, `merge`),
/// give the report of one run over all the shards, byte for byte.
@Suite struct ReportMergeCommandTests {
  enum Corpus: String, CaseIterable, Sendable {
    /// The shipped sample (212 records), dealt round-robin as --shard spreads targets.
    case sample
    /// 3,000 synthetic records, in consecutive pieces: residue families with suggested
    /// rules, and one-off shapes.
    case synthetic
  }

  static let rules = "rules/smtp-1998.rules"

  /// The shard files of `corpus` split `count` ways, in `scratch`.
  static func shards(_ corpus: Corpus, _ count: Int, in scratch: URL) throws -> [String] {
    let text: String
    switch corpus {
    case .sample:
      text = try String(
        contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl"),
        encoding: .utf8)
    case .synthetic:
      let generated = try runBanners(["generate-corpus", "--records", "3000", "--seed", "13"])
      #expect(generated.status == 0)
      text = generated.stdout
    }
    let lines = text.split(separator: "\n")
    return try (0..<count).map { shard in
      let mine =
        corpus == .sample
        ? lines.enumerated().filter { $0.offset % count == shard }.map(\.element)
        : Array(lines[(lines.count * shard / count)..<(lines.count * (shard + 1) / count)])
      let url = scratch.appendingPathComponent("shard-\(shard).jsonl")
      try Data((mine.joined(separator: "\n") + "\n").utf8).write(to: url)
      return url.path
    }
  }

  /// Runs `arguments` and writes its stdout to `name` in `scratch`; it must succeed.
  static func write(_ arguments: [String], to name: String, in scratch: URL) throws -> String {
    let run = try runBanners(arguments)
    #expect(run.status == 0, "\(arguments): \(run.stderr)")
    #expect(run.stderr == "")
    let url = scratch.appendingPathComponent(name)
    try Data(run.stdout.utf8).write(to: url)
    return url.path
  }

  /// Both rounds: each shard's partial, their merge, each shard's check.
  static func rounds(_ shards: [String], in scratch: URL) throws -> (
    partials: [String], merged: String, checks: [String]
  ) {
    let partials = try shards.enumerated().map { index, shard in
      try write(["report", "--partial", rules, shard], to: "\(index).partial", in: scratch)
    }
    let merged = try write(["merge", "--partial"] + partials, to: "all.partial", in: scratch)
    let checks = try shards.enumerated().map { index, shard in
      try write(["report", "--check", merged, rules, shard], to: "\(index).check", in: scratch)
    }
    return (partials, merged, checks)
  }

  @Test(arguments: Corpus.allCases, [1, 2, 3, 7])
  func shardsMergeIntoTheReportOfOneRunByteForByte(corpus: Corpus, shards count: Int) throws {
    let scratch = try makeScratchDirectory()
    let shards = try Self.shards(corpus, count, in: scratch)
    let (partials, merged, checks) = try Self.rounds(shards, in: scratch)
    for format in [[], ["--json"]] {
      // One run over the shards in order: the concatenation, with the same file names.
      let single = try runBanners(["report"] + format + [Self.rules] + shards)
      #expect(single.status == 0)
      let whole = try runBanners(["merge"] + format + [merged] + checks)
      #expect(whole.status == 0)
      #expect(whole.stderr == "")
      #expect(whole.stdout == single.stdout)
      // The shards' partials themselves (not their merge) with the checks, all in one
      // stream on stdin, as Spark's RDD.pipe collects them.
      let stream = try (partials + checks).map { try String(contentsOfFile: $0, encoding: .utf8) }
        .joined()
      let piped = try runBanners(["merge"] + format + ["-"], stdin: Array(stream.utf8))
      #expect(piped.stdout == single.stdout)
      // Without the check round: the same report, suggested rules left out, saying so.
      let firstRound = try runBanners(["merge"] + format + partials)
      #expect(firstRound.status == 0)
      if format.isEmpty {
        let note = "  (no suggested rules: they need the check round, 'banners report --check'"
        #expect(firstRound.stdout.contains(note) == single.stdout.contains("  shape "))
        #expect(
          Self.withoutSuggestions(firstRound.stdout) == Self.withoutSuggestions(single.stdout))
      } else {
        #expect(
          try Self.jsonWithoutSuggestions(firstRound.stdout)
            == Self.jsonWithoutSuggestions(single.stdout))
      }
    }
    if corpus == .synthetic {
      #expect(try String(contentsOfFile: checks[0], encoding: .utf8).contains("\"claims\""))
    }
  }

  /// The text report without the lines of suggested rules, or the note on their absence.
  static func withoutSuggestions(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      let content = line.drop { $0 == " " }
      return !content.hasPrefix("rule /") && !content.hasPrefix("claims ")
        && !content.hasPrefix("no rule: ") && !content.hasPrefix("(no suggested rules")
    }
  }

  /// The JSON Lines report's objects without their suggestion members.
  static func jsonWithoutSuggestions(_ text: String) throws -> [NSDictionary] {
    try text.split(separator: "\n").map { line in
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return object.filter {
        !["suggested_rule", "suggested_label", "suggested_rules", "suggestions_checked"].contains(
          $0.key)
      } as NSDictionary
    }
  }

  /// Past --max-groups a scan prunes in the order it sees banners, which partials do not
  /// keep: the merge says so, and still counts every banner.
  @Test func aResidueTableThatFillsUpIsMergedWithAWarning() throws {
    let scratch = try makeScratchDirectory()
    let shards = try Self.shards(.sample, 2, in: scratch)
    let partials = try shards.enumerated().map { index, shard in
      try Self.write(
        ["report", "--partial", "--max-groups", "3", Self.rules, shard], to: "\(index).partial",
        in: scratch)
    }
    let merged = try runBanners(["merge"] + partials)
    #expect(merged.status == 0)
    #expect(
      merged.stderr
        == "banners: warning: a residue table filled up (more than --max-groups 3 shapes): groups near the cut-off may differ from one run's; every banner is still counted\n"
    )
    let single = try runBanners(["report", "--max-groups", "3", Self.rules] + shards)
    // Coverage and overlaps do not depend on the table.
    let coverage = { (text: String) in text.components(separatedBy: "\"not sure\" residue")[0] }
    #expect(coverage(merged.stdout) == coverage(single.stdout))
    let json = try runBanners(["merge", "--json"] + partials)
    let summary = try #require(
      try JSONSerialization.jsonObject(
        with: Data(json.stdout.split(separator: "\n").last!.utf8)) as? [String: Any])
    let groups = try Self.jsonWithoutSuggestions(json.stdout).filter {
      $0["type"] as? String == "residue_group"
    }
    let grouped = groups.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
    let residue = try #require(summary["residue"] as? Int)
    let pruned = try #require(summary["residue_pruned"] as? Int)
    let overflow = try #require(summary["residue_overflow"] as? Int)
    #expect(pruned + overflow > 0)
    #expect(grouped + pruned + overflow == residue)
  }

  // MARK: - Errors: file and line named, status 2, nothing printed

  /// The sample corpus in two shards, both rounds run.
  static func twoShards() throws -> (
    scratch: URL, shards: [String], partials: [String], merged: String, checks: [String]
  ) {
    let scratch = try makeScratchDirectory()
    let shards = try Self.shards(.sample, 2, in: scratch)
    let rounds = try Self.rounds(shards, in: scratch)
    return (scratch, shards, rounds.partials, rounds.merged, rounds.checks)
  }

  static func expectFailure(_ arguments: [String], stderr: String) throws {
    let run = try runBanners(arguments)
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(run.stderr == stderr)
  }

  @Test func aCutPartialIsAnError() throws {
    let (scratch, _, partials, _, _) = try Self.twoShards()
    let lines = try String(contentsOfFile: partials[1], encoding: .utf8).split(separator: "\n")
    let cut = scratch.appendingPathComponent("cut.partial").path
    try Data((lines.dropLast().joined(separator: "\n") + "\n").utf8).write(
      to: URL(fileURLWithPath: cut))
    try Self.expectFailure(
      ["merge", partials[0], cut],
      stderr: "\(cut): error: the report_partial of line 1 has no end object: is it cut short?\n")
    // A line lost in the middle: the end object's count says so.
    var edited = lines
    edited.remove(at: 3)
    try Data((edited.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: cut))
    try Self.expectFailure(
      ["merge", partials[0], cut],
      stderr: """
        \(cut):\(lines.count - 1): error: the end object counts \(lines.count) objects but the partial since line 1 has \(lines.count - 1): is it cut or edited?

        """)
  }

  @Test func partialsOfOtherRulesOrOptionsAreErrors() throws {
    let (scratch, shards, partials, _, _) = try Self.twoShards()
    let other = try Self.write(
      ["report", "--partial", "--examples", "1", Self.rules, shards[1]], to: "other.partial",
      in: scratch)
    try Self.expectFailure(
      ["merge", partials[0], other],
      stderr:
        "\(other):1: error: a partial of other options (--examples 1, --limit 20, --max-groups 10000) than the one of \(partials[0]):1\n"
    )
    let old = try Self.write(
      ["report", "--partial", "rules/smtp-1997.rules", shards[1]], to: "1997.partial",
      in: scratch)
    let run = try runBanners(["merge", partials[0], old])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(
      run.stderr.hasPrefix(
        "\(old):1: error: a partial of another rule list (rules/smtp-1997.rules, fingerprint "))
    #expect(run.stderr.hasSuffix(") than the one of \(partials[0]):1\n"))
    // Round 2 with other rules than round 1's.
    let check = try runBanners(["report", "--check", old, Self.rules, shards[0]])
    #expect(check.status == 2)
    #expect(check.stdout == "")
    #expect(
      check.stderr.hasPrefix(
        "\(old):1: error: a partial of another rule list (rules/smtp-1997.rules, fingerprint "))
  }

  @Test func checksOfOtherCandidatesOrMissingChecksAreErrors() throws {
    let (scratch, shards, partials, merged, checks) = try Self.twoShards()
    // Checked against one shard's residue instead of the merged one.
    let stray = try Self.write(
      ["report", "--check", partials[0], Self.rules, shards[1]], to: "stray.check", in: scratch)
    let run = try runBanners(["merge", merged, checks[0], stray])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(
      run.stderr.hasPrefix(
        "\(stray):1: error: a check made for other candidates (check fingerprint "))
    #expect(run.stderr.hasSuffix("): run 'report --check' against the merge of these partials\n"))
    let records = try String(contentsOfFile: shards[0], encoding: .utf8).split(separator: "\n")
      .count
    try Self.expectFailure(
      ["merge", merged, checks[0]],
      stderr:
        "\(checks[0]):1: error: the checks cover \(records) records but the partials 212: is a shard's check missing, or given twice?\n"
    )
    try Self.expectFailure(
      ["merge", "--partial", merged, checks[0]],
      stderr:
        "\(merged): error: --partial merges partials only (report --partial): give the checks to the final merge\n"
    )
    let tally = try Self.write(
      ["classify", "--tally", "--json", Self.rules, shards[0]], to: "0.json", in: scratch)
    try Self.expectFailure(
      ["merge", merged, tally],
      stderr:
        "\(tally):1: error: not an output of 'report --partial' or 'report --check', as \(merged) is: merge one kind\n"
    )
  }

  /// The check round leaves most lines unparsed; blank lines and bad lines skipped with
  /// --skip-bad must still leave its line count equal to the partials' (a regression:
  /// the merge once called the checks short of records).
  @Test func blankAndSkippedBadLinesKeepTheChecksWhole() throws {
    let scratch = try makeScratchDirectory()
    var shards = try Self.shards(.synthetic, 3, in: scratch)
    let edited = try String(contentsOfFile: shards[1], encoding: .utf8)
      .replacingOccurrences(of: "\n", with: "\n\n", options: [], range: nil)
    let bad = scratch.appendingPathComponent("shard-1-edited.jsonl")
    try Data(("{\"outcome\":\n" + edited + "  \nnot json\n").utf8).write(to: bad)
    shards[1] = bad.path
    // Like `write`, but the skipped lines are reported on stderr.
    func output(_ arguments: [String], to name: String) throws -> String {
      let run = try runBanners(arguments)
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      let url = scratch.appendingPathComponent(name)
      try Data(run.stdout.utf8).write(to: url)
      return url.path
    }
    let partials = try shards.enumerated().map { index, shard in
      try output(
        ["report", "--skip-bad", "--partial", Self.rules, shard], to: "\(index).partial")
    }
    let merged = try output(["merge", "--partial"] + partials, to: "all.partial")
    let checks = try shards.enumerated().map { index, shard in
      try output(
        ["report", "--skip-bad", "--check", merged, Self.rules, shard], to: "\(index).check")
    }
    let single = try runBanners(["report", "--skip-bad", Self.rules] + shards)
    let whole = try runBanners(["merge", merged] + checks)
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(whole.stdout == single.stdout)
  }
}
