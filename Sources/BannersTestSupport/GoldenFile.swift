import Foundation
import Testing

/// Compares `actual` with the golden file `Tests/Fixtures/<name>`, printing a diff on a
/// mismatch. `BANNERS_RECORD=1` rewrites the file and fails the test, so a recording
/// never passes silently.
public func expectGolden(
  _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = packageRoot.appendingPathComponent("Tests/Fixtures/\(name)")
  if ProcessInfo.processInfo.environment["BANNERS_RECORD"] == "1" {
    try Data(actual.utf8).write(to: url)
    Issue.record(
      "recorded \(name); run again without BANNERS_RECORD=1", sourceLocation: sourceLocation)
    return
  }
  let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  guard actual != expected else { return }
  let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
  var diff = ""
  for change in actualLines.difference(from: expectedLines) {
    switch change {
    case .insert(let offset, let line, _): diff += "+\(offset + 1): \(line)\n"
    case .remove(let offset, let line, _): diff += "-\(offset + 1): \(line)\n"
    }
  }
  Issue.record(
    "output differs from Tests/Fixtures/\(name) (BANNERS_RECORD=1 to re-record):\n\(diff)",
    sourceLocation: sourceLocation)
}
