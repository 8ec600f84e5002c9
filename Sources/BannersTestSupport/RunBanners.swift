import Foundation

/// What one run of the `banners` executable did.
public struct BannersRun: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutBytes: [UInt8]
}

/// Runs the built `banners` executable (it sits beside the test bundle) with `arguments`,
/// feeding `stdin`, in `directory` (the package root by default, so `rules/...` paths
/// work).
///
/// stdout and stderr go to files in a fresh temporary directory, so an output larger
/// than a pipe buffer cannot deadlock the test, and they are returned separately.
public func runBanners(
  _ arguments: [String], stdin: [UInt8] = [], directory: URL = packageRoot,
  environment: [String: String]? = nil
) throws -> BannersRun {
  try runProgram(
    bannersExecutable.path, arguments, stdin: stdin, directory: directory,
    environment: environment)
}

/// Runs the program at `path` as `runBanners` runs `banners` (a shell around it, to
/// set a resource limit first).
public func runProgram(
  _ path: String, _ arguments: [String], stdin: [UInt8] = [], directory: URL = packageRoot,
  environment: [String: String]? = nil
) throws -> BannersRun {
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "banners-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  let inputURL = scratch.appendingPathComponent("stdin")
  let outURL = scratch.appendingPathComponent("stdout")
  let errURL = scratch.appendingPathComponent("stderr")
  try Data(stdin).write(to: inputURL)
  try Data().write(to: outURL)
  try Data().write(to: errURL)

  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.currentDirectoryURL = directory
  if let environment { process.environment = environment }
  let input = try FileHandle(forReadingFrom: inputURL)
  let output = try FileHandle(forWritingTo: outURL)
  let error = try FileHandle(forWritingTo: errURL)
  process.standardInput = input
  process.standardOutput = output
  process.standardError = error
  try process.run()
  process.waitUntilExit()
  try input.close()
  try output.close()
  try error.close()
  let outBytes = [UInt8](try Data(contentsOf: outURL))
  return BannersRun(
    status: process.terminationStatus,
    stdout: String(decoding: outBytes, as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
    stdoutBytes: outBytes)
}

/// The `banners` executable built beside the running test binary.
public var bannersExecutable: URL {
  let testBinary = URL(
    fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0])
  var directory = testBinary.deletingLastPathComponent()
  // On Linux the test binary is `<bin>/bannersPackageTests.xctest`; on macOS it is
  // inside the bundle, `<bin>/bannersPackageTests.xctest/Contents/MacOS/...`.
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("banners").path),
    directory.pathComponents.count > 1
  {
    directory.deleteLastPathComponent()
  }
  return directory.appendingPathComponent("banners")
}

/// The package root, found from this file's path (Sources/BannersTestSupport/...).
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary directory for one test's files.
public func makeScratchDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "banners-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
