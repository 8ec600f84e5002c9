import BannersTestSupport
import Foundation
import Testing

/// Issue 13: `banners classify` as the mapper of a Spark job (RDD.pipe in local mode
/// over a corpus in parts), merged by `banners merge`, gives byte for byte the tables
/// of one run. Needs Java and PySpark (`.ci/run` installs both); skipped where either
/// is missing.
@Suite struct SparkTallyTests {
  static let sparkAvailable =
    succeeds("/usr/bin/env", ["java", "-version"])
    && succeeds("/usr/bin/env", ["python3", "-c", "import pyspark"])

  static func succeeds(_ executable: String, _ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }

  @Test(
    .enabled(if: sparkAvailable, "needs java and python3 with pyspark (pip install pyspark)"))
  func classifyAsASparkMapperMergesToTheTablesOfOneRun() throws {
    let sample = try String(
      contentsOf: packageRoot.appendingPathComponent("corpus/smtp-1998-sample.jsonl"),
      encoding: .utf8)
    let corpus = try makeScratchDirectory().appendingPathComponent("survey.jsonl")
    try Data(String(repeating: sample, count: 25).utf8).write(to: corpus)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "bench/spark/tally.py", bannersExecutable.path, "rules/smtp-1998.rules",
      corpus.path, "5",
    ]
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["SPARK_MASTER"] = "local[2]"
    process.environment = environment
    let output = corpus.deletingLastPathComponent().appendingPathComponent("tables.txt")
    let errors = corpus.deletingLastPathComponent().appendingPathComponent("spark.log")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    FileManager.default.createFile(atPath: errors.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 0, "spark: \(log.suffix(2000))")
    let single = try runBanners(["classify", "--tally", "rules/smtp-1998.rules", corpus.path])
    #expect(try String(contentsOf: output, encoding: .utf8) == single.stdout)
    #expect(single.stdout.contains("5300 records: 4925 successful connections, 375 failures"))
  }
}
