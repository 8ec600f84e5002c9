/// Prints a `RuleDiff`: the changed cells of the transition table, then both tallies
/// side by side with the change per label.
///
///     Labels moved (old -> new), 2 of 197 connections:
///         2  unknown -> Raptor proxy
///
///     Server software tallies (labels that changed):
///       label                  old    new  change
///       Raptor proxy             0      2      +2
///       unknown                  2      0      -2
public enum RuleDiffPrinter {
  /// - Parameter all: list every label of the tallies, not only those that changed.
  public static func text(_ diff: RuleDiff, oldName: String, newName: String, all: Bool = false)
    -> String
  {
    var out =
      "Old rules: \(TerminalSafe.escape(oldName))\nNew rules: \(TerminalSafe.escape(newName))\n\n"
    let transitions = diff.changedTransitions
    let connections = diff.newTally.connections
    if transitions.isEmpty {
      out += "No label moved (\(connections) connections).\n"
    } else {
      out += "Labels moved (old -> new), \(diff.changed) of \(connections) connections:\n"
      let width = max(5, String(transitions.first?.count ?? 0).count)
      for transition in transitions {
        out +=
          "  " + String(transition.count).leftPadded(to: width, with: " ") + "  "
          + TerminalSafe.escape(transition.from) + " -> "
          + TerminalSafe.escape(transition.to) + "\n"
        for example in transition.examples {
          out += ReportPrinter.exampleText(example, indent: width + 4)
        }
      }
    }
    out +=
      all ? "\nServer software tallies:\n" : "\nServer software tallies (labels that changed):\n"
    let rows = diff.tallyRows.filter { all || $0.old != $0.new }
    let labels = rows.map { TerminalSafe.escape($0.label) }
    let labelWidth = max(5, labels.map(\.count).max() ?? 0)
    let width = max(6, String(max(diff.oldTally.records, 1)).count + 1)
    func row(_ label: String, _ old: String, _ new: String, _ change: String) -> String {
      ("  " + label.padded(to: labelWidth) + "  " + old.leftPadded(to: width, with: " ") + "  "
        + new.leftPadded(to: width, with: " ") + "  " + change.leftPadded(to: width, with: " "))
        .trimmingTrailingSpaces() + "\n"
    }
    out += row("label", "old", "new", "change")
    for (label, counts) in zip(labels, rows) {
      let change = counts.new - counts.old
      out += row(
        label, String(counts.old), String(counts.new),
        change == 0 ? "" : (change > 0 ? "+\(change)" : "\(change)"))
    }
    out += row("total", String(diff.oldTally.connections), String(diff.newTally.connections), "")
    let unchanged = diff.tallyRows.count - rows.count
    if unchanged > 0 {
      out += "  (\(counted(unchanged, "label")) with no change not shown; --all lists them)\n"
    }
    return out
  }

  /// JSON Lines: a `transition` per changed cell, a `tally` per label, a `summary`.
  public static func jsonLines(_ diff: RuleDiff, oldName: String, newName: String) -> String {
    var out = ""
    for transition in diff.changedTransitions {
      out +=
        "{\"type\":\"transition\",\"from\":\(JSONText.quote(transition.from)),\"to\":\(JSONText.quote(transition.to))"
      out +=
        ",\"count\":\(transition.count),\"examples\":\(ReportPrinter.jsonExamples(transition.examples))}\n"
    }
    for row in diff.tallyRows {
      out +=
        "{\"type\":\"tally\",\"label\":\(JSONText.quote(row.label)),\"old\":\(row.old),\"new\":\(row.new),\"change\":\(row.new - row.old)}\n"
    }
    out +=
      "{\"type\":\"summary\",\"old_rules\":\(JSONText.quote(oldName)),\"new_rules\":\(JSONText.quote(newName))"
    out +=
      ",\"records\":\(diff.newTally.records),\"connections\":\(diff.newTally.connections),\"changed\":\(diff.changed)}\n"
    return out
  }
}
