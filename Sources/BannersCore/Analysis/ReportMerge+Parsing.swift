extension ReportMerge {
  /// Starts reading the partial of `header` (its objects then go to
  /// `PartialReading.add`, its end object to `PartialReading.end`), or gives nil with
  /// the header's error in `errors`. The first partial sets the rule list and options;
  /// the others must have the same.
  mutating func startPartial(_ header: FlatJSONObject, errors: inout [Diagnostic])
    -> PartialReading?
  {
    let errorCount = errors.count
    func fail(_ object: FlatJSONObject, _ message: String) {
      errors.append(Diagnostic(.error, at: object.location, message))
    }
    guard header.count("version") == ReportPartial.version else {
      fail(
        header,
        "a partial of format version \(header.count("version").map(String.init) ?? "?"); this banners reads version \(ReportPartial.version)"
      )
      return nil
    }
    let numbers = ["examples", "limit", "max_groups"] + ReportPartial.Settings.limitNames
    guard let file = header.text("rules"), let fingerprint = header.text("rules_fingerprint"),
      let source = header.bytes("rules_source"),
      case let values = numbers.compactMap(header.count), values.count == numbers.count,
      values[2] >= 1
    else {
      fail(
        header,
        "a report_partial header needs rules, rules_fingerprint, rules_source and \(numbers.joined(separator: ", "))"
      )
      return nil
    }
    guard source.count <= FileBytes.ruleFileLimit else {
      fail(
        header,
        "its rules_source is longer than a rule file may be (\(FileBytes.ruleFileLimit) bytes)")
      return nil
    }
    guard ReportPartial.fingerprint(of: file, source) == fingerprint else {
      fail(header, "the rules_fingerprint does not match rules_source: is the header edited?")
      return nil
    }
    let value = ReportPartial.Settings(
      rules: file, rulesFingerprint: fingerprint,
      options: CorpusReport.Options(examples: values[0], limit: values[1], maxGroups: values[2]),
      limits: Array(values[3...]))
    if let expected {
      guard expected.rules.file == file, expected.fingerprint == fingerprint else {
        fail(
          header,
          "a partial of another rule list (\(file), fingerprint \(fingerprint)) than \(expected.rules.file) (fingerprint \(expected.fingerprint))"
        )
        return nil
      }
      guard expected.limits == value.limits else {
        fail(header, "a partial made with other match limits (--match-limit, --depth-limit)")
        return nil
      }
    }
    if let settings {
      guard settings.value == value else {
        let what =
          settings.value.rulesFingerprint != value.rulesFingerprint
            || settings.value.rules != value.rules
          ? "another rule list (\(file), fingerprint \(fingerprint))"
          : settings.value.options != value.options
            ? "other options (--examples \(values[0]), --limit \(values[1]), --max-groups \(values[2]))"
            : "other match limits"
        fail(header, "a partial of \(what) than the one of \(settings.at)")
        return nil
      }
    } else {
      let rules: RuleList
      if let expected {
        rules = expected.rules
      } else {
        do {
          rules = try RuleList(source: source, file: file)
        } catch {
          fail(
            header, "its rules_source does not compile: \(error.diagnostics.first?.message ?? "")")
          return nil
        }
      }
      self.rules = rules
      settings = (value, source, header.location)
    }
    guard let rules else { return nil }
    return PartialReading(
      header: header.location, value: value, rules: rules, errorCount: errorCount)
  }
}
