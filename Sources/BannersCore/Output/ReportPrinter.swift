/// Prints a `CorpusReport` for people (aligned sections, banners escaped and shortened,
/// labels whole)
/// or as JSON Lines with the same content.
///
///     Coverage of rules/smtp-1998.rules
///       212 records: 197 connections, 15 failures
///       197 connections: 170 classified (86.3%), 27 not sure, 0 undecided
///
///       rule                      label                wins  matches  status
///       rules/smtp-1998.rules:1   Raptor proxy            2        2
///       rules/smtp-1998.rules:2   Raptor proxy            0        0  dead
public enum ReportPrinter {
  /// Lines fit a terminal this wide: banners and shapes are shortened to fit.
  static let terminalWidth = 100

  public static func text(_ report: CorpusReport) -> String {
    var out = coverageText(report)
    out += "\n" + overlapText(report, ambiguous: true)
    out += "\n" + overlapText(report, ambiguous: false)
    out += "\n" + residueText(report)
    if report.limitHitCount > 0 {
      out +=
        "\nPCRE2 limits: \(report.limitHitCount) time(s) a rule gave up on a banner (undecided, not \"not sure\")\n"
      for hit in report.limitHits {
        out +=
          "  \(ruleName(report, hit.rule)): \(hit.reason) on \(TerminalSafe.escape(hit.example.origin))\n"
      }
    }
    if report.badLines > 0 {
      out += "\n\(report.badLines) malformed corpus line(s) skipped (--skip-bad)\n"
    }
    return out
  }

  // MARK: - Text sections

  static func coverageText(_ report: CorpusReport) -> String {
    let counts = report.counts
    var out = "Coverage of \(TerminalSafe.escape(report.rules.file))\n"
    out +=
      "  \(counts.records) records: \(counts.connections) connections, \(counts.failures) failures\n"
    out +=
      "  \(counts.connections) connections: \(counts.classified) classified (\(percent(counts.classifiedShare))), "
    out += "\(counts.residue) not sure, \(counts.undecided) undecided\n\n"
    let names = report.rules.rules.map {
      "\(TerminalSafe.escape($0.location.file)):\($0.location.line)"
    }
    let nameWidth = max(4, names.map(\.count).max() ?? 0)
    let labels = report.rules.rules.map {
      TerminalSafe.escape($0.label)
    }
    let labelColumn = max(5, labels.map(\.count).max() ?? 0)
    let numberWidth = max(7, String(counts.connections).count)
    func row(_ name: String, _ label: String, _ wins: String, _ matches: String, _ status: String)
      -> String
    {
      var line = "  " + name.padded(to: nameWidth) + "  " + label.padded(to: labelColumn)
      line += "  " + wins.leftPadded(to: numberWidth, with: " ")
      line += "  " + matches.leftPadded(to: numberWidth, with: " ")
      line += "  " + status
      return line.trimmingTrailingSpaces() + "\n"
    }
    out += row("rule", "label", "wins", "matches", "status")
    var dead = 0
    var shadowed = 0
    var undecided = 0
    for (index, coverage) in report.coverage.enumerated() {
      var status: String
      switch coverage.status {
      case .live: status = ""
      case .dead:
        status = "dead"
        dead += 1
      case .undecided:
        status = "undecided"
        undecided += 1
      case .shadowed(let by):
        shadowed += 1
        let lines = by.prefix(5).map { String(report.rules.rules[$0].location.line) }
        status =
          "shadowed by line " + lines.joined(separator: ", ")
          + (by.count > 5 ? " and \(by.count - 5) more" : "")
      }
      if coverage.limitHits > 0 {
        status += (status.isEmpty ? "" : "; ") + "\(coverage.limitHits) limit hit(s)"
      }
      out += row(
        names[index], labels[index], String(coverage.wins), String(coverage.matches), status)
    }
    let live = report.coverage.count - dead - shadowed - undecided
    out += "  \(report.coverage.count) rules: \(live) live, \(dead) dead, \(shadowed) shadowed"
    // Only where it happens: most lists never hit a limit, and their summary stays put.
    out += (undecided > 0 ? ", \(undecided) undecided" : "") + "\n"
    return out
  }

  static func overlapText(_ report: CorpusReport, ambiguous: Bool) -> String {
    let pairs = OverlapCounter.sorted(
      ambiguous ? report.overlaps.ambiguous : report.overlaps.redundant)
    let banners = pairs.reduce(0) { $0 + $1.count }
    var out: String
    if ambiguous {
      out =
        "Ambiguous matches: \(report.overlaps.ambiguousBanners) banner(s), \(pairs.count) pair(s) of rules "
      out += "with different labels (the first wins)\n"
    } else {
      out =
        "Redundant matches: \(pairs.count) pair(s) of rules with the same label match \(banners) time(s) together\n"
    }
    let width = max(5, String(pairs.first?.count ?? 0).count)
    for pair in pairs.prefix(report.options.limit) {
      out +=
        "  " + String(pair.count).leftPadded(to: width, with: " ") + "  "
        + ruleDescription(report, pair.winner) + "\n"
      out +=
        "  " + String(repeating: " ", count: width) + "  over "
        + ruleDescription(report, pair.loser) + "\n"
      for example in pair.examples {
        out += exampleText(example, indent: width + 4)
      }
    }
    if pairs.count > report.options.limit {
      out += "  ... \(pairs.count - report.options.limit) more pair(s) (--limit)\n"
    }
    return out
  }

  static func residueText(_ report: CorpusReport) -> String {
    let residue = report.residue
    let templates = report.templates
    var out =
      "\"not sure\" residue: \(report.counts.residue) banner(s) in \(templates.groups.count) group(s) of "
    out += "\(residue.groupCount) shape(s), largest first\n"
    if residue.pruned > 0 || residue.overflow > 0 {
      out +=
        "  (more than \(residue.capacity) shapes: \(residue.pruned) banner(s) of one-off shapes were dropped "
      out += "and \(residue.overflow) banner(s) of later shapes were not grouped; --max-groups)\n"
    }
    let groups = Array(templates.groups.prefix(report.options.limit))
    let width = max(5, String(groups.first?.count ?? 0).count)
    let indent = String(repeating: " ", count: width + 4)
    for (rank, group) in groups.enumerated() {
      out +=
        "  " + String(group.count).leftPadded(to: width, with: " ") + "  shape "
        + shortened(group.shape.text, terminalWidth - width - 10) + "\n"
      if group.shapes.count > 1 {
        out +=
          indent + "and \(group.shapes.count - 1) more shape(s) of template "
          + TerminalSafe.escape(Array(group.template.text.utf8)) + "\n"
      }
      for example in group.examples { out += exampleText(example, indent: indent.count) }
      if let suggestions = report.suggestedRules {
        for rule in suggestions[rank] {
          // Printable ASCII by construction (see `SuggestedRule`), so it is shown as is,
          // ready to paste: escaping would double its backslashes.
          out += indent + "rule " + TerminalSafe.escapeControls(rule.ruleLine) + "\n"
          out +=
            indent + "     claims \(rule.claims) of \(group.count) banner(s), "
            + "\(rule.shapes) of \(group.shapes.count) shape(s)\n"
        }
        if suggestions[rank].isEmpty {
          out +=
            indent
            + "no rule: every word of this group also occurs in classified banners or other groups\n"
        }
      }
    }
    if templates.groups.count > groups.count {
      out += "  ... \(templates.groups.count - groups.count) more group(s) (--limit)\n"
    }
    if report.suggestedRules == nil, !groups.isEmpty {
      out +=
        "  ("
        + (report.missingSuggestionsNote
          ?? "no suggested rules: they need a second, whole pass over the corpus; standard input can be read only once, and an interrupted run stops short")
        + ")\n"
    }
    return out
  }

  static func ruleName(_ report: CorpusReport, _ index: Int) -> String {
    let rule = report.rules.rules[index]
    return "\(TerminalSafe.escape(rule.location.file)):\(rule.location.line)"
  }

  /// `rules/smtp-1998.rules:87 /Sendmail/ sendmail`
  static func ruleDescription(_ report: CorpusReport, _ index: Int) -> String {
    let rule = report.rules.rules[index]
    return ruleName(report, index) + " /" + regexText(rule.regexSource, limit: 40) + "/ "
      + TerminalSafe.escape(rule.label)
  }

  /// Two lines: `e.g. BANNER`, escaped and shortened to fit `terminalWidth` after
  /// `indent` columns, then where it came from.
  ///
  ///     e.g. 220 nt.parkside.example.com ESMTP MetaInfo Sendmail 8.8.4/8.8.4; Sun, 10 May 1...
  ///          at 198.51.100.209:25 (corpus/smtp-1998-sample.jsonl:79)
  static func exampleText(_ example: BannerExample, indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    let banner = TerminalSafe.escape(example.banner, limit: max(40, terminalWidth - indent - 5))
    return pad + "e.g. " + banner + "\n" + pad + "     at " + TerminalSafe.escape(example.origin)
      + "\n"
  }

  /// A rule's regex for display: printable ASCII as written (backslashes too, so it reads
  /// as in the rule file), other bytes as `\xHH`.
  static func regexText(_ bytes: [UInt8], limit: Int) -> String {
    var text = ""
    for byte in bytes {
      if byte >= 0x20 && byte < 0x7F {
        text.append(Character(Unicode.Scalar(byte)))
      } else {
        text += TerminalSafe.escape([byte])
      }
    }
    return shortened(text, limit)
  }

  static func shortened(_ text: String, _ limit: Int) -> String {
    text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
  }

  static func percent(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
  }

  // MARK: - JSON Lines

  /// A `rule` per rule in file order, `ambiguity` and `redundancy` per shown pair,
  /// `residue_group` per shown group, `limit_hit` per kept limit hit, then the `summary`.
  public static func jsonLines(_ report: CorpusReport) -> String {
    let counts = report.counts
    let residue = report.residue
    let templates = report.templates
    var out = ""
    for (index, coverage) in report.coverage.enumerated() {
      let rule = report.rules.rules[index]
      out +=
        "{\"type\":\"rule\",\"rule\":\(JSONText.quote(jsonRuleName(report, index))),\"line\":\(rule.location.line)"
      out +=
        ",\(JSONText.bannerMember(rule.regexSource, name: "regex")),\"label\":\(JSONText.quote(rule.label))"
      out +=
        ",\"wins\":\(coverage.wins),\"matches\":\(coverage.matches),\"limit_hits\":\(coverage.limitHits)"
      switch coverage.status {
      case .live: out += ",\"status\":\"live\"}\n"
      case .dead: out += ",\"status\":\"dead\"}\n"
      case .undecided: out += ",\"status\":\"undecided\"}\n"
      case .shadowed(let by):
        let names = by.map { JSONText.quote(jsonRuleName(report, $0)) }.joined(separator: ",")
        out += ",\"status\":\"shadowed\",\"shadowed_by\":[\(names)]}\n"
      }
    }
    for (type, overlaps) in [
      ("ambiguity", report.overlaps.ambiguous), ("redundancy", report.overlaps.redundant),
    ] {
      for pair in OverlapCounter.sorted(overlaps).prefix(report.options.limit) {
        out +=
          "{\"type\":\"\(type)\",\"count\":\(pair.count),\"winner\":\(jsonRule(report, pair.winner))"
        out +=
          ",\"loser\":\(jsonRule(report, pair.loser)),\"examples\":\(jsonExamples(pair.examples))}\n"
      }
    }
    for (rank, group) in templates.groups.prefix(report.options.limit).enumerated() {
      out += "{\"type\":\"residue_group\",\"rank\":\(rank + 1),\"count\":\(group.count)"
      out +=
        ",\"shape\":\(JSONText.quote(group.shape.text)),\"examples\":\(jsonExamples(group.examples))"
      out += ",\"shapes\":\(group.shapes.count),\"template\":\(JSONText.quote(group.template.text))"
      if let suggestions = report.suggestedRules, let rule = suggestions[rank].first {
        out +=
          ",\"suggested_rule\":\(JSONText.quote(rule.ruleLine)),\"suggested_label\":\(JSONText.quote(rule.label))"
      } else {
        out += ",\"suggested_rule\":null"
      }
      if let suggestions = report.suggestedRules {
        let rules = suggestions[rank].map { rule in
          "{\"rule\":\(JSONText.quote(rule.ruleLine)),\"label\":\(JSONText.quote(rule.label)),"
            + "\"claims\":\(rule.claims),\"shapes\":\(rule.shapes)}"
        }
        out += ",\"suggested_rules\":[\(rules.joined(separator: ","))]"
      }
      out += "}\n"
    }
    for hit in report.limitHits {
      out += "{\"type\":\"limit_hit\",\"rule\":\(JSONText.quote(jsonRuleName(report, hit.rule)))"
      out += ",\"reason\":\(JSONText.quote(hit.reason)),\"example\":\(jsonExample(hit.example))}\n"
    }
    out +=
      "{\"type\":\"summary\",\"rules\":\(JSONText.quote(report.rules.file)),\"records\":\(counts.records)"
    out +=
      ",\"connections\":\(counts.connections),\"failures\":\(counts.failures),\"classified\":\(counts.classified)"
    out += ",\"residue\":\(counts.residue),\"undecided\":\(counts.undecided)"
    out +=
      ",\"classified_share\":\(Double(Int((counts.classifiedShare * 10000).rounded())) / 10000)"
    out +=
      ",\"ambiguous_banners\":\(report.overlaps.ambiguousBanners),\"residue_groups\":\(templates.groups.count)"
    out += ",\"residue_shapes\":\(residue.groupCount)"
    out += ",\"residue_pruned\":\(residue.pruned),\"residue_overflow\":\(residue.overflow)"
    out += ",\"limit_hits\":\(report.limitHitCount),\"bad_lines\":\(report.badLines)"
    var statuses = (live: 0, dead: 0, shadowed: 0, undecided: 0)
    for coverage in report.coverage {
      switch coverage.status {
      case .live: statuses.live += 1
      case .dead: statuses.dead += 1
      case .undecided: statuses.undecided += 1
      case .shadowed: statuses.shadowed += 1
      }
    }
    out += ",\"live_rules\":\(statuses.live),\"dead_rules\":\(statuses.dead)"
    out += ",\"shadowed_rules\":\(statuses.shadowed),\"undecided_rules\":\(statuses.undecided)"
    out += ",\"suggestions_checked\":\(report.suggestions != nil)}\n"
    return out
  }

  static func jsonRuleName(_ report: CorpusReport, _ index: Int) -> String {
    report.rules.rules[index].reference
  }

  static func jsonRule(_ report: CorpusReport, _ index: Int) -> String {
    let rule = report.rules.rules[index]
    return
      "{\"rule\":\(JSONText.quote(jsonRuleName(report, index))),\(JSONText.bannerMember(rule.regexSource, name: "regex")),\"label\":\(JSONText.quote(rule.label))}"
  }

  static func jsonExample(_ example: BannerExample) -> String {
    // The identity as classify and test give it, except that repeats of a target are
    // not numbered (that would need memory per target).
    let id = example.target ?? String(example.source.line)
    return
      "{\"id\":\(JSONText.quote(id)),\"source\":\(JSONText.quote(example.source.description)),\(JSONText.bannerMember(example.banner))}"
  }

  static func jsonExamples(_ examples: [BannerExample]) -> String {
    "[" + examples.map(jsonExample).joined(separator: ",") + "]"
  }
}

extension String {
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
