/// A `CorpusReport` as one self-contained HTML page: the posts' two tables as bar
/// charts (inline SVG), the coverage table with dead and shadowed rules marked, the
/// ambiguous pairs and the residue groups with their suggested rules.
///
/// No script, no external style sheet, font or image: the page opens offline and
/// cannot run anything. Every text from the corpus or the rules is first made
/// terminal-safe (`\r`, `\n`, `\xHH`) and then HTML-escaped, so a banner can neither
/// break the markup nor hide bytes.
public enum ReportHTML {
  /// Bars per chart; the rest is summed in one "other" row.
  static let chartRows = 40

  public static func page(_ report: CorpusReport, title: String? = nil) -> String {
    let counts = report.counts
    let heading = title ?? "banners report: \(report.rules.file)"
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(heading))</title>
      <style>
      body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; padding: 0 1em; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
      table { border-collapse: collapse; } td, th { padding: 2px 8px; text-align: left; vertical-align: top; }
      th { border-bottom: 1px solid #999; } td:first-child { white-space: nowrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
      tr.dead td { color: #999; } tr.undecided td { background: #fde7e9; } tr.shadowed td { background: #fff3e0; }
      code, .banner { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
      svg.bars rect.bar { fill: #4a78b5; } svg.bars text { font: 12px system-ui, sans-serif; fill: #222; }
      .note { color: #666; }
      </style>
      </head>
      <body>
      <h1>\(escape(heading))</h1>
      <p>\(counts.records) records: \(counts.connections) connections, \(counts.failures) failures.
      \(counts.connections) connections: \(counts.classified) classified (\(percent(counts.classifiedShare))), \(counts.residue) not sure, \(counts.undecided) undecided.</p>

      """
    html += section(
      "Reasons for connection failures", chart(report.tally.failureRows, name: "failures"))
    html += section(
      "Server software tallies", chart(report.tally.softwareRows, name: "software"))
    html += section("Coverage of the rules", coverage(report))
    html += section("Ambiguous matches", ambiguous(report))
    html += section("\"not sure\" residue", residue(report))
    html += "</body>\n</html>\n"
    return html
  }

  static func section(_ title: String, _ body: String) -> String {
    "<h2>\(escape(title))</h2>\n" + body
  }

  /// A horizontal bar chart: label, bar, count; one row per label, largest first.
  static func chart(_ rows: [(count: Int, label: String)], name: String) -> String {
    guard !rows.isEmpty else { return "<p class=\"note\">none</p>\n" }
    var shown = Array(rows.prefix(chartRows))
    if rows.count > chartRows {
      let rest = rows.dropFirst(chartRows)
      shown.append((rest.reduce(0) { $0 + $1.count }, "(\(rest.count) others)"))
    }
    let top = max(1, shown.map(\.count).max() ?? 1)
    let labelWidth = 260
    let barWidth = 420
    let rowHeight = 20
    let height = shown.count * rowHeight + 4
    var svg =
      "<svg class=\"bars\" data-chart=\"\(name)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\">\n"
    for (index, row) in shown.enumerated() {
      let y = index * rowHeight + 2
      let width = max(1, row.count * barWidth / top)
      let label = shortened(TerminalSafe.escape(row.label.isEmpty ? "(none)" : row.label), 40)
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(label))</text>"
      svg +=
        "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"\(rowHeight - 6)\"><title>\(escape(label)): \(row.count)</title></rect>"
      svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 14)\">\(row.count)</text>\n"
    }
    return svg + "</svg>\n"
  }

  static func coverage(_ report: CorpusReport) -> String {
    var html =
      "<table>\n<tr><th>rule</th><th>regex</th><th>label</th><th>wins</th><th>matches</th><th>status</th></tr>\n"
    var dead = 0
    var shadowed = 0
    var undecided = 0
    for (index, coverage) in report.coverage.enumerated() {
      let rule = report.rules.rules[index]
      var status = ""
      var rowClass = ""
      switch coverage.status {
      case .live: break
      case .dead:
        dead += 1
        status = "dead"
        rowClass = " class=\"dead\""
      case .undecided:
        undecided += 1
        status = "undecided (\(coverage.limitHits) limit hit(s))"
        rowClass = " class=\"undecided\""
      case .shadowed(let by):
        shadowed += 1
        status =
          "shadowed by line "
          + by.prefix(5).map { String(report.rules.rules[$0].location.line) }.joined(
            separator: ", ")
        rowClass = " class=\"shadowed\""
      }
      html +=
        "<tr\(rowClass)><td>\(escape(TerminalSafe.escape(rule.location.file))):\(rule.location.line)</td>"
      html += "<td><code>/\(escape(TerminalSafe.escape(rule.regexSource)))/</code></td>"
      html += "<td>\(escape(TerminalSafe.escape(rule.label)))</td>"
      html += "<td class=\"n\">\(coverage.wins)</td><td class=\"n\">\(coverage.matches)</td>"
      html += "<td>\(escape(status))</td></tr>\n"
    }
    html += "</table>\n"
    let live = report.coverage.count - dead - shadowed - undecided
    html += "<p>\(report.coverage.count) rules: \(live) live, \(dead) dead, \(shadowed) shadowed"
    html += (undecided > 0 ? ", \(undecided) undecided" : "") + ".</p>\n"
    return html
  }

  static func ambiguous(_ report: CorpusReport) -> String {
    let pairs = OverlapCounter.sorted(report.overlaps.ambiguous)
    guard !pairs.isEmpty else { return "<p class=\"note\">none</p>\n" }
    var html =
      "<p>\(report.overlaps.ambiguousBanners) banner(s) matched by rules with different labels; the first wins.</p>\n<table>\n<tr><th>banners</th><th>winner</th><th>over</th><th>example</th></tr>\n"
    for pair in pairs.prefix(report.options.limit) {
      html += "<tr><td class=\"n\">\(pair.count)</td>"
      html += "<td>\(ruleCell(report, pair.winner))</td><td>\(ruleCell(report, pair.loser))</td>"
      html += "<td>" + pair.examples.map(exampleCell).joined(separator: "<br>") + "</td></tr>\n"
    }
    html += "</table>\n"
    if pairs.count > report.options.limit {
      html += "<p class=\"note\">\(pairs.count - report.options.limit) more pair(s)</p>\n"
    }
    return html
  }

  static func residue(_ report: CorpusReport) -> String {
    let groups = report.shownGroups
    var html =
      "<p>\(report.counts.residue) banner(s) in \(report.residue.groupCount) shape(s), largest first.</p>\n"
    guard !groups.isEmpty else { return html }
    html += "<table>\n<tr><th>banners</th><th>shape and examples</th><th>suggested rule</th></tr>\n"
    for (rank, group) in groups.enumerated() {
      html +=
        "<tr><td class=\"n\">\(group.count)</td><td><code>\(escape(group.shape.text))</code><br>"
      html += group.examples.map(exampleCell).joined(separator: "<br>") + "</td><td>"
      if let suggestions = report.suggestions {
        if let rule = suggestions[rank] {
          html += "<code>\(escape(TerminalSafe.escapeControls(rule.ruleLine)))</code>"
        } else {
          html += "<span class=\"note\">none: every literal part occurs in other banners</span>"
        }
      }
      html += "</td></tr>\n"
    }
    return html + "</table>\n"
  }

  static func ruleCell(_ report: CorpusReport, _ index: Int) -> String {
    let rule = report.rules.rules[index]
    return
      "\(escape(TerminalSafe.escape(rule.location.file))):\(rule.location.line) <code>/\(escape(TerminalSafe.escape(rule.regexSource)))/</code> \(escape(TerminalSafe.escape(rule.label)))"
  }

  static func exampleCell(_ example: BannerExample) -> String {
    "<span class=\"banner\">\(escape(TerminalSafe.escape(example.banner, limit: 200)))</span> <span class=\"note\">\(escape(TerminalSafe.escape(example.origin)))</span>"
  }

  /// Text as HTML character data or attribute value.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  static func percent(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
  }

  static func shortened(_ text: String, _ limit: Int) -> String {
    text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
  }
}
