import Foundation

/// The 1998 post's two tables, transcribed in `Tests/Fixtures/smtp-1998-tables.tsv`:
/// the reference that the sample corpus and the loopback survey are checked against.
public struct SurveyTables: Sendable {
  public var failures: [(count: Int, reason: String)] = []
  public var software: [(count: Int, label: String)] = []

  public static func load1998() throws -> SurveyTables {
    let url = packageRoot.appendingPathComponent("Tests/Fixtures/smtp-1998-tables.tsv")
    var tables = SurveyTables()
    var section = ""
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
      if line.hasPrefix("#") { continue }
      if line.hasPrefix("[") {
        section = String(line)
        continue
      }
      let fields = line.split(separator: "\t", maxSplits: 1)
      guard fields.count == 2, let count = Int(fields[0]) else { continue }
      if section == "[failures]" {
        tables.failures.append((count, String(fields[1])))
      } else {
        tables.software.append((count, String(fields[1])))
      }
    }
    return tables
  }
}
