/// `lint --witnesses FILE`: the reachable rules' witness banners as a corpus in the
/// project's JSON Lines format, so `banners classify` and `banners test` can pin a
/// list's behaviour with no recorded corpus (rules that carry their own examples, as
/// Recog's do, generated instead of hand-written).
///
///     {"addr":"192.0.2.1","port":25,"outcome":"ok","banner":"220 x Sendmail\r\n","rule":"rules/smtp-1998.rules:97"}
///
/// Addresses come from the documentation ranges (RFC 5737: 192.0.2.0/24, then
/// 198.51.100.0/24, then 203.0.113.0/24; past those RFC 3849's 2001:db8::/32), so a
/// witness is never mistaken for a probed host. The extra `rule` member names the rule
/// the banner was made for; corpus readers ignore members they do not know.
public enum WitnessCorpus {
  /// The corpus lines (each ending in `\n`) for `witnesses`, numbered from `first`
  /// (several files' witnesses share one corpus without reusing an address).
  public static func lines(_ witnesses: [LintResult.Witness], numberedFrom first: Int = 0)
    -> String
  {
    var text = ""
    for (offset, witness) in witnesses.enumerated() {
      let record = CorpusRecord(
        address: address(first + offset), port: 25, outcome: .ok, banner: witness.banner,
        source: witness.rule.location)
      var line = record.jsonLine
      line.removeLast()  // the closing brace: the rule member goes last
      let rule = "\(witness.rule.location.file):\(witness.rule.location.line)"
      text += line + ",\"rule\":" + JSONText.quote(rule) + "}\n"
    }
    return text
  }

  /// The `index`th documentation address: 192.0.2.1 ... 192.0.2.254, 198.51.100.1 ...,
  /// 203.0.113.1 ..., then 2001:db8::1 onwards.
  ///
  ///     WitnessCorpus.address(0)     // "192.0.2.1"
  ///     WitnessCorpus.address(254)   // "198.51.100.1"
  ///     WitnessCorpus.address(762)   // "2001:db8::1"
  public static func address(_ index: Int) -> String {
    let ranges = ["192.0.2", "198.51.100", "203.0.113"]
    if index < ranges.count * 254 {
      return "\(ranges[index / 254]).\(index % 254 + 1)"
    }
    let rest = index - ranges.count * 254 + 1
    let high = rest >> 16
    let low = rest & 0xFFFF
    let hex = { (value: Int) in String(value, radix: 16) }
    return high > 0 ? "2001:db8::\(hex(high)):\(hex(low))" : "2001:db8::\(hex(low))"
  }
}
