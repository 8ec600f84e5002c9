import BannersTestSupport
import Foundation
import Testing

/// Issue 13: `merge` reads each input as it comes, line by line. An endless input that
/// is all errors (`yes x` on stdin) is refused after 20 errors, having read 21 lines;
/// before, every input was read whole first, up to its bound ("cannot read: longer
/// than 1073741824 bytes" after a gigabyte).
@Suite struct MergeStreamingTests {
  /// A tally's first line, and a check's header: each input kind stops alike.
  static let firstLines = [
    "{\"type\":\"software\",\"label\":\"Postfix\",\"count\":1}",
    "{\"type\":\"report_check\",\"version\":1,\"rules\":\"r\",\"rules_fingerprint\":\"0\",\"check_fingerprint\":\"0\",\"candidates\":1,\"records\":1}",
  ]

  @Test(arguments: firstLines)
  func anEndlessInputOfErrorsIsRefusedAfterTwenty(first: String) throws {
    let run = try runProgram(
      "/bin/sh",
      [
        "-c", "{ printf '%s\\n' \"$1\"; yes x 2>/dev/null; } | \"$0\" merge -",
        bannersExecutable.path, first,
      ])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 21)
    #expect(
      lines.dropLast().allSatisfy { $0.hasPrefix("<stdin>:") && $0.contains(": error: not JSON") })
    #expect(lines.last?.hasPrefix("<stdin>: note: stopped reading after 20 errors") == true)
  }
}
