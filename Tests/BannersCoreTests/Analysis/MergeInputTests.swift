import Foundation
import Testing

@testable import BannersCore

/// Issue 13: `merge` reads its inputs line by line (`MergeInput`) and folds each object
/// of a report partial in as it comes (`ReportOutputReading`), holding the merge and the
/// piece being read, not the file. Before, every line became a dictionary before the
/// first was checked: a 100 MB partial of tiny lines took 1.4 GB to be refused.
@Suite struct MergeInputTests {
  /// A one-rule partial with `shapes` residue shapes of one banner each, every count
  /// consistent, written with `--max-groups maxGroups`.
  static func partial(shapes: Int, maxGroups: Int) throws -> String {
    let source = Array("/Postfix/ Postfix\n".utf8)
    let rules = try RuleList(source: source, file: "one.rules")
    var report = CorpusReport(
      rules: rules, options: CorpusReport.Options(examples: 1, limit: 20, maxGroups: maxGroups))
    report.counts.records = 3 + shapes
    report.counts.connections = 3 + shapes
    report.counts.classified = 3
    report.counts.residue = shapes
    report.coverage[0].wins = 3
    report.coverage[0].matches = 3
    report.residue = ResidueGroups(
      capacity: maxGroups, examples: 1,
      groups: (0..<shapes).map {
        ResidueGroups.Group(
          shape: ResidueShape(parts: [.literal(Array("554 shape \($0)".utf8))]), count: 1)
      }, pruned: 0, overflow: 0)
    return ReportPartial.jsonLines(report, ruleSource: source)
  }

  /// Reads `text` as `file`, object by object, calling `after` once each line is read.
  static func read(
    _ text: String, file: String, after: (ReportOutputReading) -> Void = { _ in }
  ) throws -> Result<ReportMerge, InputError> {
    var input = MergeInput(bytes: Array(text.utf8), file: file)
    var reading = ReportOutputReading(file: file, merge: ReportMerge())
    while !reading.stopped, let line = try input.next() {
      reading.read(line)
      after(reading)
    }
    do throws(InputError) {
      return .success(try reading.finish())
    } catch {
      return .failure(error)
    }
  }

  /// A partial of 5,000 shapes with `--max-groups 8` (hostile or edited: a scan keeps
  /// at most 8): reading it never holds more than 8, and it is refused at its end
  /// object as before. The same shapes under a bound they fit are all kept.
  @Test func aPartialOfMoreShapesThanItsBoundHoldsNoMoreThanTheBound() throws {
    let text = try Self.partial(shapes: 5000, maxGroups: 8)
    let lines = text.split(separator: "\n").count
    var held = 0
    var linesRead = 0
    let refused = try Self.read(text, file: "many.partial") { reading in
      linesRead += 1
      held = max(held, reading.partial?.groups.count ?? 0)
    }
    #expect(linesRead == lines)
    #expect(held == 8)
    guard case .failure(let error) = refused else {
      Issue.record("a partial of 5,000 shapes under --max-groups 8 was merged")
      return
    }
    #expect(
      error.diagnostics.map(\.description) == [
        "many.partial:\(lines): error: the partial since line 1 does not add up (counts, a coverage object per rule, tables, residue shapes): is it cut or edited?"
      ])

    let fits = try Self.read(try Self.partial(shapes: 5000, maxGroups: 5000), file: "fits.partial")
    #expect((try? fits.get())?.firstPass?.residue.groupCount == 5000)
  }

  /// Each object is folded in when its line is read: the counts and shapes of a partial
  /// are in the piece being read before its end object comes.
  @Test func objectsAreFoldedInAsTheirLinesAreRead() throws {
    let text = try Self.partial(shapes: 3, maxGroups: 8)
    let types = text.split(separator: "\n").map {
      try? FlatJSONObject.members(of: Array($0.utf8))["type"]
    }
    var seen: [(records: Int?, shapes: Int?, partials: Int)] = []
    _ = try Self.read(text, file: "three.partial") { reading in
      seen.append(
        (
          reading.partial?.report.counts.records, reading.partial?.groups.count,
          reading.merge.partials
        ))
    }
    #expect(seen.count == types.count)
    var counted = false
    var shapes = 0
    for (line, type) in types.enumerated() {
      counted = counted || type == .string(Array("counts".utf8))
      if type == .string(Array("shape".utf8)) { shapes += 1 }
      let end = type == .string(Array("end".utf8))
      #expect(seen[line].records == (end ? nil : counted ? 6 : 0), "line \(line + 1)")
      #expect(seen[line].shapes == (end ? nil : shapes), "line \(line + 1)")
      #expect(seen[line].partials == (end ? 1 : 0), "line \(line + 1)")
    }
    #expect(shapes == 3)
  }

  /// The errors are those of a whole-file read, in its order: lines that are no JSON
  /// first, then framing errors up to the limit, and contents only when neither.
  @Test func errorsComeInTheOrderOfAWholeFileRead() throws {
    let header =
      "{\"type\":\"report_check\",\"version\":1,\"rules\":\"r\",\"rules_fingerprint\":\"0\",\"check_fingerprint\":\"0\",\"candidates\":1,\"records\":1}"
    // A content error (line 2) and a line that is no JSON (line 3): the latter only.
    let mixed = [
      header, "{\"type\":\"out\",\"candidate\":5}", "x", "{\"type\":\"end\",\"objects\":3}",
    ]
    let one = try Self.read(mixed.joined(separator: "\n"), file: "m.check")
    #expect(
      one.failureLocations == [SourceLocation(file: "m.check", line: 3, column: 1)])
    // Without it, the content error.
    let content = try Self.read(
      [header, mixed[1], "{\"type\":\"end\",\"objects\":3}"].joined(separator: "\n"),
      file: "c.check")
    #expect(content.failureLocations == [SourceLocation(file: "c.check", line: 2)])
    // Two headers inside a check, its end, then 18 lines that are no JSON: the 18
    // first, then the framing errors until the limit (20), then the note (as
    // before: checked against the build of main before this change).
    let framed = [header, header, header, "{\"type\":\"end\",\"objects\":1}"]
    let capped = try Self.read(
      (framed + Array(repeating: "x", count: 18)).joined(separator: "\n"), file: "e.check")
    #expect(
      capped.failureLocations
        == (5...22).map { SourceLocation(file: "e.check", line: $0, column: 1) } + [
          SourceLocation(file: "e.check", line: 2), SourceLocation(file: "e.check", line: 3),
          SourceLocation(file: "e.check", line: 0),
        ])
  }

  /// A file reads as its bytes do, also after its first line was read to tell its kind
  /// (the file is then read again from its start).
  @Test func aFileMergesAsItsBytesDo() throws {
    let text = try Self.partial(shapes: 20, maxGroups: 100)
    let url = try Self.makeScratchFile(contents: text + "\n \r\n" + text)
    defer { try? FileManager.default.removeItem(at: url) }
    var fromFile = ReportMerge()
    var input = try MergeInput(path: url.path)
    #expect(try input.startsWithReportOutput())
    try fromFile.add(&input)
    var fromBytes = ReportMerge()
    try fromBytes.add(jsonLines: Array((text + "\n \r\n" + text).utf8), file: url.path)
    #expect(fromFile.partials == 2)
    #expect(fromFile.partialJSONLines() == fromBytes.partialJSONLines())
    #expect(fromFile.partialJSONLines() != nil)
  }

  static func makeScratchFile(contents: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "merge-input-\(UUID().uuidString).partial")
    try Data(contents.utf8).write(to: url)
    return url
  }
}

extension Result where Failure == InputError {
  /// The locations of the errors (none when it succeeded).
  fileprivate var failureLocations: [BannersCore.SourceLocation] {
    if case .failure(let error) = self { return error.diagnostics.map(\.location) }
    return []
  }
}
