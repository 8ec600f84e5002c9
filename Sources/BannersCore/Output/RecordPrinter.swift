/// One record as a line: the TSV row that `classify --format tsv` prints and snapshots
/// store, and the JSON Lines object of `classify --format jsonl`.
public enum RecordPrinter {
  /// `identity<TAB>outcome<TAB>label\n`, every field escaped (`TerminalSafe`), so a
  /// record is one line whatever bytes its fields hold.
  ///
  ///     192.0.2.7:25	ok	sendmail
  ///     192.0.2.9:25	timed out
  public static func tsvRow(identity: String, entry: Snapshot.Entry) -> String {
    "\(TerminalSafe.escape(identity))\t\(entry.outcome)\t\(entry.label)\n"
  }

  /// `{"type":"record","id":...,"source":...,"outcome":...,"label":...,"rule":...}\n`;
  /// `label` and `rule` only for connections, `rule` only when a rule matched, and
  /// `undecided_rule` with `error` when a rule gave up.
  public static func jsonLine(
    identity: String, record: CorpusRecord, verdict: Verdict?, rules: RuleList
  ) -> String {
    var line =
      "{\"type\":\"record\",\"id\":\(JSONText.quote(identity)),\"source\":\(JSONText.quote(record.source.description))"
      + ",\"outcome\":\(JSONText.quote(record.outcome.description))"
    if let verdict {
      line += ",\"label\":\(JSONText.quote(rules.label(of: verdict)))"
      switch verdict {
      case .matched(let rule):
        line += ",\"rule\":\(JSONText.quote(rules.rules[rule].reference))"
      case .residue: break
      case .undecided(let rule, let reason):
        line +=
          ",\"undecided_rule\":\(JSONText.quote(rules.rules[rule].reference)),\"error\":\(JSONText.quote(reason))"
      }
    }
    return line + "}\n"
  }
}
