/// Prints what `banners test` found: the records that moved, grouped by from label, to
/// label and the rule now responsible, with examples.
///
///     2 of 212 records moved:
///       count  from -> to                       now decided by
///           2  unknown -> Raptor proxy          rules/smtp-1998.rules:1
///              e.g. 192.0.2.7:25: 220 Sorry, unable to contact destination SMTP daemon...
public enum SnapshotPrinter {
  public static func text(_ comparison: SnapshotComparison) -> String {
    guard comparison.moved > 0 else {
      return "\(counted(comparison.records, "record")), nothing moved\n"
    }
    let movedInCorpus = comparison.moved - comparison.missing
    var out = "\(movedInCorpus) of \(counted(comparison.records, "record")) moved"
    if comparison.missing > 0 {
      out += ", and \(counted(comparison.missing, "snapshot record")) not in the corpus"
    }
    out += ":\n"
    let moves = comparison.sortedMoves
    let width = max(5, String(moves.first?.count ?? 0).count)
    let transitions = moves.map {
      // Labels are escaped already, but a snapshot file is input: escape what it holds.
      TerminalSafe.escapeControls($0.key.from) + " -> "
        + TerminalSafe.escapeControls($0.key.to)
    }
    let transitionWidth = max(10, transitions.map(\.count).max() ?? 0)
    out +=
      "  " + "count".leftPadded(to: width, with: " ") + "  "
      + "from -> to".padded(to: transitionWidth) + "  now decided by\n"
    let indent = String(repeating: " ", count: width + 4)
    for (move, transition) in zip(moves, transitions) {
      let rule =
        move.key.rule.map(TerminalSafe.escape)
        ?? (move.key.to == SnapshotComparison.notInCorpus ? "" : "no rule")
      out +=
        ("  " + String(move.count).leftPadded(to: width, with: " ") + "  "
        + transition.padded(to: transitionWidth)
        + "  " + rule).trimmingTrailingSpaces() + "\n"
      for example in move.examples {
        var line = indent + "e.g. " + TerminalSafe.escape(example.identity)
        if let banner = example.banner {
          let room = max(32, ReportPrinter.terminalWidth - line.count - 2)
          line += ": " + TerminalSafe.escape(banner, limit: room)
        }
        out += line + "\n"
      }
    }
    return out
  }

  /// JSON Lines: a `move` per group, then a `summary`.
  public static func jsonLines(_ comparison: SnapshotComparison) -> String {
    var out = ""
    for move in comparison.sortedMoves {
      out +=
        "{\"type\":\"move\",\"count\":\(move.count),\"from\":\(JSONText.quote(move.key.from)),\"to\":\(JSONText.quote(move.key.to))"
      out += ",\"rule\":" + (move.key.rule.map(JSONText.quote) ?? "null") + ",\"examples\":["
      out += move.examples.map { example in
        "{\"id\":\(JSONText.quote(example.identity))"
          + (example.source.map { ",\"source\":\(JSONText.quote($0.description))" } ?? "")
          + (example.banner.map { "," + JSONText.bannerMember($0) } ?? "") + "}"
      }.joined(separator: ",")
      out += "]}\n"
    }
    out +=
      "{\"type\":\"summary\",\"records\":\(comparison.records),\"moved\":\(comparison.moved),\"missing\":\(comparison.missing)}\n"
    return out
  }
}
