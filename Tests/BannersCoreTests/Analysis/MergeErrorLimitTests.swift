import Testing

@testable import BannersCore

/// A file that is all errors (garbage, a corpus given instead of a tally) stops `merge`
/// after 20 errors with a note, for tallies and report outputs alike. Before: one
/// diagnostic per line, kept in memory and printed (a 30 MB file of `{}` lines took
/// more than 4 minutes and 900 MB before it was stopped).
@Suite struct MergeErrorLimitTests {
  static let garbage = Array(String(repeating: "{}\n", count: 5000).utf8)

  static func diagnostics(_ add: () throws(InputError) -> Void) -> [Diagnostic] {
    do throws(InputError) {
      try add()
      return []
    } catch {
      return error.diagnostics
    }
  }

  static func expectStoppedAtTheLimit(_ errors: [Diagnostic], file: String) {
    #expect(errors.count == 21)
    #expect(errors.prefix(20).allSatisfy { $0.severity == .error && $0.location.file == file })
    #expect(errors.last?.severity == .note)
    #expect(errors.last?.message.contains("stopped reading after 20 errors") == true)
  }

  @Test func aTallyThatIsAllErrorsStopsAfterTwenty() {
    var merge = TallyMerge()
    let errors = Self.diagnostics { () throws(InputError) in
      try merge.add(jsonLines: Self.garbage, file: "g.json")
    }
    Self.expectStoppedAtTheLimit(errors, file: "g.json")
    let notJSON = Self.diagnostics { () throws(InputError) in
      try merge.add(jsonLines: Array(String(repeating: "x\n", count: 5000).utf8), file: "x.json")
    }
    Self.expectStoppedAtTheLimit(notJSON, file: "x.json")
  }

  @Test func aReportOutputThatIsAllErrorsStopsAfterTwenty() {
    var merge = ReportMerge()
    // Lines that are no JSON, and objects of no type within a partial.
    let notJSON = Self.diagnostics { () throws(InputError) in
      try merge.add(jsonLines: Array(String(repeating: "x\n", count: 5000).utf8), file: "x.partial")
    }
    Self.expectStoppedAtTheLimit(notJSON, file: "x.partial")
    let header = Array(
      "{\"type\":\"report_check\",\"version\":1,\"rules\":\"r\",\"rules_fingerprint\":\"0\",\"check_fingerprint\":\"0\",\"candidates\":1,\"records\":1}\n"
        .utf8)
    let untyped = Self.diagnostics { () throws(InputError) in
      try merge.add(
        jsonLines: header + Self.garbage + Array("{\"type\":\"end\",\"objects\":5002}\n".utf8),
        file: "u.check")
    }
    Self.expectStoppedAtTheLimit(untyped, file: "u.check")
  }
}
