extension NmapServiceProbes {
  /// The rule list for the matches of `probes` (Nmap's names, any case; all probes when
  /// empty) and `service` (all when nil).
  ///
  /// Order: the hard `match` lines, probe by probe in the order of `probes` and in the
  /// file's order within a probe, then the `softmatch` lines in the same order. That is Nmap's own rule: the first hard match wins, and a soft
  /// match only names the service when no hard match follows, so a soft match in its
  /// file position would claim banners a later hard match labels.
  ///
  /// The label is the service and the product, as Nmap prints them (`smtp Postfix
  /// smtpd`); a product built from captures (`p/$1/`) is not one label for every banner,
  /// so the rule is dropped, or with `approximate` kept with `*` for each capture.
  public func ruleImport(probes wanted: [String], service: String?, approximate: Bool)
    -> RuleImport
  {
    let order = wanted.map { $0.lowercased() }
    let lowered = Set(order)
    // Probes in the order asked for (a stable sort keeps the file's order within each).
    let selected = matches.filter {
      (lowered.isEmpty || lowered.contains($0.probe.lowercased()))
        && (service == nil || $0.service == service)
    }.enumerated().sorted {
      let left = order.firstIndex(of: $0.element.probe.lowercased()) ?? 0
      let right = order.firstIndex(of: $1.element.probe.lowercased()) ?? 0
      return (left, $0.offset) < (right, $1.offset)
    }.map(\.element)
    var result = RuleImport()
    for match in selected.filter({ !$0.isSoft }) + selected.filter(\.isSoft) {
      var label = match.service
      var problems: [ForeignRegex.Obstacle] = []
      if let product = match.product, !product.isEmpty {
        let (text, captures) = Self.withoutCaptures(product)
        if captures {
          problems.append(
            ForeignRegex.Obstacle(
              offset: 0,
              reason:
                "the product p/\(product)/ takes text from captures, so the label changes with the banner (approximated with '*')",
              approximable: true))
        }
        label += " " + text
      }
      var notes: [String] = []
      if lowered.count != 1 { notes.append("probe \(match.probe)") }
      if match.isSoft { notes.append("softmatch") }
      result.add(
        pattern: match.pattern, flavor: .pcre, flags: match.flags, location: match.location,
        label: label, problems: problems,
        note: notes.isEmpty ? nil : notes.joined(separator: ", "), approximate: approximate)
    }
    return result
  }

  /// A version template with each capture (`$1`, `$P(1)`, `$SUBST(1,"_",".")`, `$I(1,">")`)
  /// replaced by `*`, and whether there was any.
  static func withoutCaptures(_ template: String) -> (String, Bool) {
    let bytes = Array(template.utf8)
    var out: [UInt8] = []
    var found = false
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count {
        let next = bytes[index + 1]
        if (48...57).contains(next) {
          index += 1
          while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
          out.append(UInt8(ascii: "*"))
          found = true
          continue
        }
        if (65...90).contains(next), let open = bytes[index...].firstIndex(of: UInt8(ascii: "(")),
          bytes[(index + 1)..<open].allSatisfy({ (65...90).contains($0) }),
          let close = bytes[open...].firstIndex(of: UInt8(ascii: ")"))
        {
          index = close + 1
          out.append(UInt8(ascii: "*"))
          found = true
          continue
        }
      }
      out.append(bytes[index])
      index += 1
    }
    return (String(decoding: out, as: UTF8.self), found)
  }
}
