import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// No input may crash the program. Each test mutates real inputs (the shipped rule
/// files, the sample corpus, snapshots) byte by byte, thousands of times, and feeds
/// them to the parsers: every one must be accepted or rejected with an `InputError`
/// naming a place in the file. A crash (an index out of range, a trap) fails the run.
@Suite struct MutatedInputTests {
  func lines(of path: String) throws -> [[UInt8]] {
    let url = packageRoot.appendingPathComponent(path)
    return try Data(contentsOf: url).split(separator: 0x0A).map { Array($0) }
  }

  @Test func mutatedRuleLinesLoadOrFailWithALocation() throws {
    let ruleLines =
      try lines(of: "rules/smtp-1998.rules") + lines(of: "rules/smtp-1997.rules")
    var mutator = ByteMutator(seed: 1997)
    var banners: [[UInt8]] = []
    let reader = try CorpusReader(
      path: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl").path)
    while banners.count < 3, let record = try reader.next() {
      if let banner = record.banner { banners.append(banner) }
    }
    var loaded = 0
    for iteration in 0..<6000 {
      let line = mutator.mutate(ruleLines[iteration % ruleLines.count])
      do throws(InputError) {
        let rules = try RuleList(source: line, file: "mutated.rules")
        loaded += 1
        // What loads must match without trouble, and agree with rule-by-rule matching.
        // Where the naive engine gives up on a rule (a PCRE2 limit), the prefilter may
        // know better: a rule whose required literal is absent cannot match.
        let fast = RuleMatcher(rules)
        let naive = RuleMatcher(rules, strategy: .ruleByRule)
        for banner in banners {
          let expected = naive.evaluate(banner)
          let actual = fast.evaluate(banner)
          #expect(actual.matched == expected.matched)
          #expect(
            Set(actual.undecidedRules.map(\.rule)).isSubset(of: expected.undecidedRules.map(\.rule))
          )
        }
      } catch {
        #expect(error.diagnostics.allSatisfy { $0.location.file == "mutated.rules" })
        // Every error points into the file: a line it has, a column on that line.
        let fileLines = line.split(separator: 0x0A, omittingEmptySubsequences: false)
        for diagnostic in error.diagnostics {
          let place = diagnostic.location
          #expect(
            place.line >= 1 && place.line <= fileLines.count && place.column >= 1
              && place.column <= fileLines[place.line - 1].count + 1,
            "\(diagnostic) in \(TerminalSafe.escape(line, limit: 300))")
        }
      }
    }
    #expect(loaded > 1000, "the mutations keep many lines valid, so matching is exercised")
  }

  @Test func mutatedCorpusLinesParseOrFailWithALocation() throws {
    let corpusLines = try lines(of: "corpus/smtp-1998-sample.jsonl")
    var mutator = ByteMutator(seed: 1998)
    var parsed = 0
    for iteration in 0..<20000 {
      let line = mutator.mutate(corpusLines[iteration % corpusLines.count])
      let location = SourceLocation(file: "mutated.jsonl", line: iteration + 1)
      for format in [CorpusFormat.jsonl, .text] {
        let result = line.withUnsafeBufferPointer { bytes in
          Result { () throws(InputError) in
            try CorpusReader.parse(bytes, format: format, at: location)
          }
        }
        switch result {
        case .success(let record): parsed += record == nil ? 0 : 1
        case .failure(let error):
          #expect(error.diagnostics.first?.location.line == iteration + 1)
        }
      }
    }
    #expect(parsed > 1000)
  }

  @Test func mutatedSnapshotsParseOrFailWithALocation() throws {
    let snapshot = try Data(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.1998.snapshot"))
    var mutator = ByteMutator(seed: 2026)
    let original = Array(snapshot)
    for _ in 0..<2000 {
      // Mutate a window of the file, keeping it small enough to parse quickly.
      let start = Int.random(in: 0..<(original.count - 400), using: &mutator.random)
      let window = mutator.mutate(Array(original[start..<(start + 400)]))
      do throws(InputError) {
        _ = try Snapshot(parsing: window, file: "mutated.snapshot")
      } catch {
        #expect(error.diagnostics.allSatisfy { $0.location.file == "mutated.snapshot" })
      }
    }
  }
}
