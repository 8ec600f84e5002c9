import BannersCore
import BannersTestSupport
import Foundation
import Testing

/// The browser this machine has for rendering tests, if any (Debian's `chromium`).
let chromiumPath: String? = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for directory in path.split(separator: ":") {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
  }
  return nil
}()

/// Issue 10: `report --html` writes one self-contained page that renders.
@Suite struct ReportHTMLCommandTests {
  let rules = "rules/smtp-1998.rules"
  let sample = "corpus/smtp-1998-sample.jsonl"

  func writePage() throws -> (page: URL, text: String) {
    let page = try makeScratchDirectory().appendingPathComponent("report.html")
    let run = try runBanners(["report", rules, sample, "--html", page.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("Coverage of rules/smtp-1998.rules"))
    return (page, try String(contentsOf: page, encoding: .utf8))
  }

  @Test func pageIsSelfContained() throws {
    let (_, text) = try writePage()
    #expect(text.hasPrefix("<!DOCTYPE html>"))
    #expect(!text.contains("<script"))
    // Nothing loaded from elsewhere: no link, source, import or url().
    for reference in ["<link", "src=", "@import", "url("] { #expect(!text.contains(reference)) }
    #expect(text.contains("data-chart=\"software\""))
    #expect(text.contains("<tr class=\"dead\">"))
  }

  @Test(
    .enabled(
      if: chromiumPath != nil,
      "chromium is not installed (apt-get install chromium): the page is not rendered"))
  func pageRendersInHeadlessChromium() throws {
    let (page, text) = try writePage()
    let bars = text.components(separatedBy: "<rect class=\"bar\"").count - 1
    #expect(bars > 10)
    let artifacts = packageRoot.appendingPathComponent(".build/test-artifacts")
    try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
    let screenshot = artifacts.appendingPathComponent("report-html.png")
    try? FileManager.default.removeItem(at: screenshot)
    let profile = try makeScratchDirectory()
    func chromium(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
      process.arguments =
        [
          "120", chromiumPath!, "--headless", "--no-sandbox", "--disable-gpu",
          "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
        ]
        + arguments + [page.absoluteString]
      let out = profile.appendingPathComponent("out-\(UUID().uuidString)")
      let err = profile.appendingPathComponent("err-\(UUID().uuidString)")
      FileManager.default.createFile(atPath: out.path, contents: nil)
      FileManager.default.createFile(atPath: err.path, contents: nil)
      process.standardOutput = try FileHandle(forWritingTo: out)
      process.standardError = try FileHandle(forWritingTo: err)
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      return (
        try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8)
      )
    }
    // The DOM the browser built: every bar is there, and no script ran or failed.
    let dom = try chromium(["--dump-dom"])
    #expect(dom.stdout.components(separatedBy: "class=\"bar\"").count - 1 == bars)
    #expect(dom.stdout.contains("<h1>banners report: rules/smtp-1998.rules</h1>"))
    #expect(!dom.stderr.contains("Uncaught"))
    #expect(!dom.stderr.contains(":CONSOLE("))
    // A screenshot, kept as a test artifact for people to look at.
    _ = try chromium(["--window-size=1200,2400", "--screenshot=\(screenshot.path)"])
    let png = try Data(contentsOf: screenshot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(png.count > 10_000)
  }
}
