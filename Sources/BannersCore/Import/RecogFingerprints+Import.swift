extension RecogFingerprints {
  /// Recog's flag names and what Ruby makes of them (RegexpFactory::FLAG_MAP).
  static func flags(_ names: [String]) -> (ForeignRegex.Flags, unknown: [String]) {
    var flags: ForeignRegex.Flags = []
    var unknown: [String] = []
    for name in names {
      switch name {
      case "REG_ICASE", "IGNORECASE": flags.insert(.caseless)
      // Ruby's MULTILINE: '.' matches a newline ('^' and '$' are line anchors anyway).
      case "REG_DOT_NEWLINE", "REG_LINE_ANY_CRLF", "REG_MULTILINE": flags.insert(.dotAll)
      default: unknown.append(name)
      }
    }
    return (flags, unknown)
  }

  /// The label a fingerprint gives: vendor and product of the service (else of the
  /// operating system, else of the hardware), else its description; and why it is
  /// not the same for every banner (a capture or an interpolation in it).
  static func label(of fingerprint: Fingerprint) -> (String, problems: [String]) {
    for kind in ["service", "os", "hw"] {
      let parts = ["vendor", "product"].compactMap { fingerprint.params["\(kind).\($0)"] }
      guard !parts.isEmpty else { continue }
      var problems: [String] = []
      var words: [String] = []
      for (name, param) in zip(
        ["vendor", "product"],
        ["vendor", "product"].map {
          fingerprint.params["\(kind).\($0)"]
        })
      {
        guard let param else { continue }
        if param.position > 0 {
          problems.append(
            "\(kind).\(name) is capture \(param.position), so the label changes with the banner (approximated with '*')"
          )
          words.append("*")
        } else if param.value.contains("{") {
          problems.append(
            "\(kind).\(name) \"\(param.value)\" interpolates another parameter (approximated with '*')"
          )
          words.append("*")
        } else {
          words.append(param.value)
        }
      }
      // "Microsoft" + "Microsoft Exchange" reads better as one.
      if words.count == 2, words[1] == words[0] || words[1].hasPrefix(words[0] + " ") {
        words.removeFirst()
      }
      return (words.joined(separator: " "), problems)
    }
    return (fingerprint.description, [])
  }

  /// The rule list: one rule per fingerprint, in the file's order.
  public func ruleImport(file: String, approximate: Bool) -> RuleImport {
    var result = RuleImport()
    for fingerprint in fingerprints {
      let (flags, unknown) = Self.flags(fingerprint.flags)
      let (label, labelProblems) = Self.label(of: fingerprint)
      var problems = labelProblems.map {
        ForeignRegex.Obstacle(offset: 0, reason: $0, approximable: true)
      }
      if !unknown.isEmpty {
        // Recog's RegexpFactory refuses such a fingerprint.
        problems.append(
          ForeignRegex.Obstacle(
            offset: 0,
            reason:
              "unknown flags \(unknown.joined(separator: ",")) (Recog knows REG_ICASE, IGNORECASE, REG_DOT_NEWLINE, REG_LINE_ANY_CRLF, REG_MULTILINE)",
            approximable: false))
      }
      result.add(
        pattern: fingerprint.pattern, flavor: .ruby, flags: flags,
        location: SourceLocation(file: file, line: fingerprint.line), label: label,
        problems: problems, approximate: approximate)
    }
    return result
  }

  /// The examples of every fingerprint the import kept, with the label that
  /// fingerprint's rule gives: the corpus and snapshot of Recog's own example check.
  public func examples(keptBy ruleImport: RuleImport) -> (
    examples: [(banner: [UInt8], label: String, location: SourceLocation)], leftOut: Int
  ) {
    var kept: [(banner: [UInt8], label: String, location: SourceLocation)] = []
    var leftOut = 0
    for (fingerprint, rule) in zip(fingerprints, ruleImport.rules) {
      if case .dropped = rule.status {
        leftOut += fingerprint.examples.count
        continue
      }
      for example in fingerprint.examples {
        kept.append(
          (example.banner, rule.label, SourceLocation(file: rule.location.file, line: example.line))
        )
      }
    }
    return (kept, leftOut)
  }
}
