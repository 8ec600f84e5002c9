import BannersTestSupport
import Foundation
import Testing

/// Issue 12, item 1: every input read whole has a bound. A rule file, a snapshot or a
/// target list that never ends (`/dev/zero`) is an input error (status 2, `file: error:
/// ... longer than ...`), found quickly and in bounded memory.
///
/// The commands run under `ulimit -v` (4 GiB of address space): before the fix they
/// grew without bound and died of it (SIGABRT, status 134) instead of reporting.
@Suite struct InputBoundTests {
  static let cases: [[String]] = [
    ["classify", "--tally", "/dev/zero", "corpus/smtp-1998-sample.jsonl"],
    ["export-awk", "/dev/zero"],
    [
      "test", "rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl", "--expect", "/dev/zero",
    ],
    ["record", "--exclude", "/dev/zero", "-"],
    ["record", "--shuffle", "/dev/zero"],
  ]

  @Test(arguments: cases)
  func endlessInputIsAnInputError(_ arguments: [String]) throws {
    let run = try runBannersWithMemoryLimit(arguments, kibibytes: 4 << 20)
    #expect(run.status == 2, "stderr: \(run.stderr.prefix(500))")
    #expect(run.stderr.contains("/dev/zero"))
    #expect(run.stderr.contains("error:"))
    #expect(run.stderr.contains("longer than"))
    #expect(run.stdout.isEmpty)
  }

  /// Runs `banners` through `sh` under `ulimit -v`, in the package root.
  func runBannersWithMemoryLimit(_ arguments: [String], kibibytes: Int) throws -> BannersRun {
    try runProgram(
      "/bin/sh",
      ["-c", "ulimit -v \(kibibytes) && exec \"$0\" \"$@\"", bannersExecutable.path] + arguments)
  }
}
