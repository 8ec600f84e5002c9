import BannersTestSupport
import Foundation
import Testing

/// Issue 13: `banners report` as two Spark rounds (bench/spark/report.py: partials of
/// each partition, their merge, each partition's check against it, the final merge)
/// prints byte for byte the report of one run over the same partitions. Needs Java and
/// PySpark, as `SparkTallyTests`.
@Suite struct SparkReportTests {
  @Test(
    .enabled(
      if: SparkTallyTests.sparkAvailable,
      "needs java and python3 with pyspark (pip install pyspark)"
    ))
  func reportAsTwoSparkRoundsIsTheReportOfOneRun() throws {
    let scratch = try makeScratchDirectory()
    let generated = try runBanners(["generate-corpus", "--records", "3000", "--seed", "13"])
    #expect(generated.status == 0)
    let corpus = scratch.appendingPathComponent("survey.jsonl")
    try Data(generated.stdout.utf8).write(to: corpus)
    // The workers copy their partitions here, so that one run can read the same files.
    let kept = scratch.appendingPathComponent("parts")
    try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "bench/spark/report.py", bannersExecutable.path, "rules/smtp-1998.rules",
      corpus.path, "4", kept.path,
    ]
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["SPARK_MASTER"] = "local[2]"
    process.environment = environment
    let output = scratch.appendingPathComponent("report.txt")
    let errors = scratch.appendingPathComponent("spark.log")
    try Data().write(to: output)
    try Data().write(to: errors)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 0, "spark: \(log.suffix(2000))")
    let parts = try FileManager.default.contentsOfDirectory(atPath: kept.path)
      .filter { $0.hasPrefix("part-") }.sorted()
    #expect(parts.count == 4)
    let single = try runBanners(["report", "smtp-1998.rules"] + parts, directory: kept)
    #expect(single.status == 0)
    #expect(try String(contentsOf: output, encoding: .utf8) == single.stdout)
    #expect(single.stdout.contains("claims "))
  }
}
