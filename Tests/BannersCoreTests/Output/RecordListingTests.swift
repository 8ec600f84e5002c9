import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// `RecordListing` assembles lines from pieces made once per rule, reason and file;
/// they must be `RecordPrinter`'s lines, record by record, whatever the fields hold.
@Suite struct RecordListingTests {
  func rules() throws -> RuleList {
    try RuleList(contentsOf: packageRoot.appendingPathComponent("rules/smtp-1998.rules").path)
  }

  /// Sample records, then hostile ones: names, reasons and addresses with controls,
  /// quotes, backslashes, C1 codes and bidi overrides, repeats, a second file, a
  /// source with a column, an undecided verdict.
  func cases(_ rules: RuleList) throws -> [(CorpusRecord, Verdict?)] {
    let matcher = RuleMatcher(rules)
    var cases: [(CorpusRecord, Verdict?)] = []
    let reader = try CorpusReader(
      path: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl").path)
    while let record = try reader.next() {
      cases.append((record, record.outcome == .ok ? matcher.verdict(for: record.banner!) : nil))
    }
    let hostile = "a\"b\\c\u{1B}[2J\u{9B}\u{202E}é\t\r\n"
    for (index, file) in ["x.jsonl", "evil \(hostile).jsonl", "x.jsonl"].enumerated() {
      for line in 1...4 {
        let source = SourceLocation(file: file, line: line, column: line == 4 ? 3 : 0)
        let address = line == 2 ? "2001:db8::\(hostile)" : "192.0.2.\(index)"
        cases.append(
          (CorpusRecord(address: address, port: 25, outcome: .ok, source: source), .residue))
        cases.append(
          (
            CorpusRecord(address: address, port: nil, outcome: .failed(hostile), source: source),
            nil
          ))
        cases.append(
          (
            CorpusRecord(outcome: .ok, source: source),
            .undecided(rule: line, reason: "match limit \(hostile)")
          ))
        cases.append(
          (CorpusRecord(address: address, outcome: .ok, source: source), .matched(rule: line)))
      }
    }
    return cases
  }

  @Test(arguments: RecordListing.Format.allCases)
  func linesAreRecordPrintersLines(_ format: RecordListing.Format) throws {
    let rules = try rules()
    let cases = try cases(rules)
    let buffer = TextBuffer()
    var listing = RecordListing(format, to: buffer)
    var identities = RecordIdentity()
    var expected = ""
    for (record, verdict) in cases {
      listing.add(record, verdict: verdict, rules: rules)
      let identity = identities.identity(of: record)
      switch format {
      case .tsv:
        let label = verdict.map { rules.label(of: $0) } ?? ""
        expected += RecordPrinter.tsvRow(
          identity: identity, entry: Snapshot.Entry(outcome: record.outcome, label: label))
      case .jsonl:
        expected += RecordPrinter.jsonLine(
          identity: identity, record: record, verdict: verdict, rules: rules)
      }
    }
    let actual = buffer.text.split(separator: "\n", omittingEmptySubsequences: false)
    let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(actual.count == wanted.count)
    for (line, (got, want)) in zip(actual, wanted).enumerated() where got != want {
      Issue.record("line \(line + 1):\n  got  \(got)\n  want \(want)")
      break
    }
  }
}
