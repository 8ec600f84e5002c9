import BannersCore
import FuzzSupport

/// What `banners merge` reads from files that travel between machines: tallies
/// (`classify --tally --json`), report partials and checks. The input is read as two
/// parts, itself twice (so every count is added to itself: sums grow, shapes and
/// examples meet their twins), as `merge a b` does. Bad input must give an error naming
/// a line of the file, never a trap; what merges must print (text, JSON, HTML), and a
/// merged partial must read back as itself.
enum FuzzMerge {
  static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let lines = bytes.count(where: { $0 == 0x0A }) + 1
    if ReportMerge.isReportOutput(bytes) {
      report(bytes, lines: lines)
    } else {
      tally(bytes, lines: lines)
    }
    return 0
  }

  /// Fails the run unless `error` names lines of the file (0: the file as a whole).
  static func checkNamesLines(_ error: InputError, lines: Int) {
    guard !error.diagnostics.isEmpty else { FuzzInput.fail("an error without a diagnostic") }
    for diagnostic in error.diagnostics {
      guard diagnostic.location.line >= 0, diagnostic.location.line <= lines,
        diagnostic.location.file == "a" || diagnostic.location.file == "b"
      else { FuzzInput.fail("a diagnostic naming no line of the input: \(diagnostic)") }
    }
    _ = error.description
  }

  /// Adds `bytes` to `merge` as two parts, `a` and `b`, each read line by line as
  /// `merge` reads a file (`MergeInput`); false, the error checked, when one is refused.
  static func addTwice(_ bytes: [UInt8], lines: Int, to merge: inout some InputMerge) -> Bool {
    for file in ["a", "b"] {
      var input = MergeInput(bytes: bytes, file: file)
      do throws(InputError) {
        try merge.add(&input)
      } catch {
        checkNamesLines(error, lines: lines)
        return false
      }
    }
    return true
  }

  static func tally(_ bytes: [UInt8], lines: Int) {
    var merge = TallyMerge()
    guard addTwice(bytes, lines: lines, to: &merge) else { return }
    let output = TallyPrinter.jsonLines(merge.tally)
    _ = TallyPrinter.text(merge.tally)
    // What merge prints merges again, to the same tables.
    var again = TallyMerge()
    do throws(InputError) {
      try again.add(jsonLines: Array(output.utf8), file: "a")
    } catch {
      FuzzInput.fail("merged tallies do not read back: \(error)")
    }
    guard again.tally == merge.tally else { FuzzInput.fail("merged tallies read back otherwise") }
  }

  static func report(_ bytes: [UInt8], lines: Int) {
    var merge = ReportMerge()
    guard addTwice(bytes, lines: lines, to: &merge) else { return }
    if merge.checkCount == 0, let partial = merge.partialJSONLines() {
      var again = ReportMerge()
      do throws(InputError) {
        try again.add(jsonLines: Array(partial.utf8), file: "a")
      } catch {
        FuzzInput.fail("a merged partial does not read back: \(error)")
      }
      guard again.partialJSONLines() == partial else {
        FuzzInput.fail("a merged partial reads back otherwise")
      }
    }
    let report: CorpusReport
    do throws(InputError) {
      report = try merge.report()
    } catch {
      checkNamesLines(error, lines: lines)
      return
    }
    _ = ReportPrinter.text(report)
    _ = ReportPrinter.jsonLines(report)
    _ = ReportHTML.page(report)
  }
}

// The symbol libFuzzer looks for (see fuzz-snapshot/main.swift).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzMerge.test(data, size)
}

FuzzDriver.run(testOneInput)
