/// Prints a `Tally` the way the posts did, counts right-aligned, labels escaped:
///
///     Here are the reasons for connection failures:
///          741 timed out
///          651 connection refused
///     ...
///     Here are the server software tallies:
///        11583 sendmail
///         1102 Post.Office
public enum TallyPrinter {
  public static func text(_ tally: Tally) -> String {
    let failureRows = tally.failureRows
    let softwareRows = tally.softwareRows
    let width = max(5, String(tally.records).count)
    func line(_ count: Int, _ label: String) -> String {
      String(count).leftPadded(to: width, with: " ") + " " + TerminalSafe.escape(label) + "\n"
    }
    var out = "Here are the reasons for connection failures:\n"
    for row in failureRows { out += line(row.count, row.label) }
    out += line(tally.failures, "total")
    out += "\nHere are the server software tallies:\n"
    for row in softwareRows { out += line(row.count, row.label) }
    out += line(tally.connections, "total")
    out +=
      "\n\(counted(tally.records, "record")): \(counted(tally.connections, "successful connection")), \(counted(tally.failures, "failure"))\n"
    return out
  }

  /// JSON Lines: one `failure` and one `software` object per row, then a `summary`.
  public static func jsonLines(_ tally: Tally) -> String {
    var out = ""
    for row in tally.failureRows {
      out +=
        "{\"type\":\"failure\",\"count\":\(row.count),\"reason\":\(JSONText.quote(row.label))}\n"
    }
    for row in tally.softwareRows {
      out +=
        "{\"type\":\"software\",\"count\":\(row.count),\"label\":\(JSONText.quote(row.label))}\n"
    }
    return out + jsonSummary(tally)
  }

  /// `{"type":"summary","records":...,"connections":...,"failures":...}`: the last
  /// object of `classify`'s JSON Lines, with tables or per-record lines.
  public static func jsonSummary(_ tally: Tally) -> String {
    "{\"type\":\"summary\",\"records\":\(tally.records),\"connections\":\(tally.connections),\"failures\":\(tally.failures)}\n"
  }
}
