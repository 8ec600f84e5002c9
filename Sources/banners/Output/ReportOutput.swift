import ArgumentParser
import BannersCore

/// Prints a report as `report` and `merge` do: text or JSON Lines on stdout, and with
/// `html` the page written to that file (replaced whole, or not at all).
func printReport(_ report: CorpusReport, json: Bool, html: String?) throws {
  let output = StandardOutput.shared
  output.write(json ? ReportPrinter.jsonLines(report) : ReportPrinter.text(report))
  output.flush()
  guard let html else { return }
  do {
    try writeFileReplacing(html, Array(ReportHTML.page(report).utf8))
  } catch {
    StandardError.write("banners: error: \(TerminalSafe.escapeControls(error.description))\n")
    throw ExitCode(2)
  }
}
