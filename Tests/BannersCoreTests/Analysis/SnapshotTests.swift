import BannersCore
import Testing

@Suite struct SnapshotTests {
  @Test func textIsSortedAndParsesBack() throws {
    let text = Snapshot.text([
      ("198.51.100.2:25", .init(outcome: .ok, label: "sendmail")),
      ("192.0.2.9:25", .init(outcome: .failed("timed out"), label: "")),
      ("192.0.2.10:25", .init(outcome: .ok, label: "tab\there")),
    ])
    #expect(
      text == Snapshot.header
        + "\n192.0.2.10:25\tok\ttab\\there\n192.0.2.9:25\ttimed out\t\n198.51.100.2:25\tok\tsendmail\n"
    )
    let parsed = try Snapshot(parsing: Array(text.utf8), file: "s")
    #expect(parsed.entries["192.0.2.9:25"] == .init(outcome: "timed out", label: ""))
    #expect(parsed.entries["192.0.2.10:25"] == .init(outcome: .ok, label: "tab\there"))
  }

  @Test func hostileIdentitiesAreWrittenEscapedAndFoundAgain() throws {
    let identity = "192.0.2.1\t\u{1B}[2J:25"
    let text = Snapshot.text([(identity, .init(outcome: .ok, label: "x"))])
    #expect(!text.utf8.contains(0x1B))
    var parsed = try Snapshot(parsing: Array(text.utf8), file: "s")
    #expect(parsed.take(identity) == .init(outcome: .ok, label: "x"))
  }

  @Test func malformedAndDuplicateLinesNameTheirLine() {
    #expect(throws: InputError.self) {
      try Snapshot(parsing: Array("a\tok\tx\nb ok\n".utf8), file: "s")
    }
    do {
      _ = try Snapshot(parsing: Array("a\tok\tx\na\tok\ty\n".utf8), file: "s")
      Issue.record("expected an error")
    } catch {
      #expect(error.diagnostics.first?.location.line == 2)
    }
  }

  @Test func comparisonGroupsMovesAndCountsLeftovers() throws {
    var snapshot = try Snapshot(
      parsing: Array("a\tok\tunknown\nb\tok\tunknown\nc\tok\tx\ngone\tok\tx\n".utf8), file: "s")
    var comparison = SnapshotComparison(examples: 1)
    for identity in ["a", "b", "c"] {
      let now = Snapshot.Entry(outcome: .ok, label: identity == "c" ? "x" : "Raptor proxy")
      let record = CorpusRecord(outcome: .ok, source: SourceLocation(file: "c", line: 1))
      comparison.add(
        identity: identity, now: now, rule: "r:1", record: record, expected: snapshot.take(identity)
      )
    }
    comparison.finish(leftover: snapshot)
    #expect(comparison.moved == 3)
    #expect(comparison.missing == 1)
    let moves = comparison.sortedMoves
    #expect(moves.map(\.count) == [2, 1])
    #expect(moves[0].key == .init(from: "unknown", to: "Raptor proxy", rule: "r:1"))
    #expect(moves[1].key.to == SnapshotComparison.notInCorpus)
  }
}
