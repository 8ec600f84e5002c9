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
    "{\"type\":\"record\",\"id\":\(JSONText.quote(identity)),\"source\":\(JSONText.quote(record.source.description))"
      + jsonTail(outcome: record.outcome, verdict: verdict, rules: rules)
  }

  /// The members of `jsonLine` after `source`, which depend only on the outcome and the
  /// verdict (so `RecordListing` makes them once per rule), and the line's end.
  static func jsonTail(outcome: Outcome, verdict: Verdict?, rules: RuleList) -> String {
    var tail = ",\"outcome\":\(JSONText.quote(outcome.description))"
    if let verdict {
      tail += ",\"label\":\(JSONText.quote(rules.label(of: verdict)))"
      switch verdict {
      case .matched(let rule):
        tail += ",\"rule\":\(JSONText.quote(rules.rules[rule].reference))"
      case .residue: break
      case .undecided(let rule, let reason):
        tail +=
          ",\"undecided_rule\":\(JSONText.quote(rules.rules[rule].reference)),\"error\":\(JSONText.quote(reason))"
      }
    }
    return tail + "}\n"
  }
}
