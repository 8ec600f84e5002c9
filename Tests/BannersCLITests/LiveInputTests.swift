import BannersTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `banners record ... | banners classify -`: records that arrive through a pipe are
/// classified and printed as they come, not when a batch of thousands has filled.
@Suite struct LiveInputTests {
  @Test func recordsFromAQuietPipeAreClassifiedWithoutWaitingForMore() throws {
    let directory = try makeScratchDirectory()
    let outURL = directory.appendingPathComponent("stdout")
    try Data().write(to: outURL)
    let input = Pipe()
    let process = Process()
    process.executableURL = bannersExecutable
    process.arguments = ["classify", "rules/smtp-1998.rules", "-"]
    process.currentDirectoryURL = packageRoot
    process.standardInput = input
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = FileHandle.nullDevice
    signal(SIGPIPE, SIG_IGN)
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    var text = ""
    for index in 0..<100 {
      text +=
        "{\"addr\":\"192.0.2.\(index)\",\"port\":25,\"outcome\":\"ok\",\"banner\":\"220 mx ESMTP Sendmail 8.8.8\\r\\n\"}\n"
    }
    try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    // The pipe stays open: the 100 lines must come out anyway.
    waitUntil("100 lines on stdout") { contents(of: outURL).filter { $0 == "\n" }.count >= 100 }
    #expect(contents(of: outURL).filter { $0 == "\n" }.count == 100)
    #expect(process.isRunning, "still waiting for more input")
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
