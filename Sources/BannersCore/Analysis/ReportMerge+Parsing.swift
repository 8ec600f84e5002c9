extension ReportMerge {
  /// The first pass one partial holds (`objects`: its header to its end object), or nil
  /// with its errors in `errors`. The first partial sets the rule list and options; the
  /// others must have the same.
  mutating func partial(_ objects: ArraySlice<FlatJSONObject>, errors: inout [Diagnostic])
    -> CorpusReport?
  {
    let errorCount = errors.count
    let header = objects.first!
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
    var report = CorpusReport(
      rules: rules, limits: ReportPartial.limits(from: value.limits), options: value.options)
    let ruleCount = rules.rules.count
    var sawCounts = false
    var coverageSeen = Set<Int>()
    var software = Tally()
    var groups: [ResidueGroups.Group] = []
    var shapes = Set<ResidueShape>()
    var pruned = 0
    var overflow = 0
    enum Owner {
      case overlap(ambiguous: Bool, OverlapCounter.Pair)
      case shape(Int)
    }
    var owner: Owner?
    func rule(_ object: FlatJSONObject, _ key: String = "rule") -> Int? {
      guard let index = object.count(key), index < ruleCount else {
        fail(object, "expected \"\(key)\": a rule index below \(ruleCount)")
        return nil
      }
      return index
    }
    func example(_ object: FlatJSONObject) -> BannerExample? {
      guard let file = object.text("file"), let line = object.count("line"),
        let banner = object.bytes("banner")
      else {
        fail(object, "expected an example: file, line and banner (or banner_b64)")
        return nil
      }
      return BannerExample(
        source: SourceLocation(file: file, line: line, column: object.count("column") ?? 0),
        target: object.text("target"), banner: banner)
    }
    for object in objects.dropFirst().dropLast() {
      if FlatJSONObject.stopsReading(header.location.file, &errors, since: errorCount) {
        return nil
      }
      if let key = object.memberPastCountLimit {
        errors.append(object.pastCountLimit(key))
        continue
      }
      switch object.type {
      case "counts":
        let names = [
          "records", "connections", "classified", "residue", "undecided", "ambiguous_banners",
          "limit_hits", "bad_lines", "residue_pruned", "residue_overflow",
        ]
        let found = names.compactMap(object.count)
        guard !sawCounts, found.count == names.count else {
          fail(
            object,
            sawCounts ? "a second counts object" : "expected \(names.joined(separator: ", "))")
          continue
        }
        sawCounts = true
        report.counts.records = found[0]
        report.counts.connections = found[1]
        report.counts.classified = found[2]
        report.counts.residue = found[3]
        report.counts.undecided = found[4]
        report.overlaps.ambiguousBanners = found[5]
        report.limitHitCount = found[6]
        report.badLines = found[7]
        report.undecided.count = found[4]
        (pruned, overflow) = (found[8], found[9])
      case "failure", "software":
        let key = object.type == "failure" ? "reason" : "label"
        guard let label = object.text(key), let count = object.count("count") else {
          fail(object, "expected \(key) and count")
          continue
        }
        let sofar = key == "reason" ? report.failures.records : software.records
        guard CountLimit.sum(sofar, count) != nil else {
          fail(object, "the partial's \(object.type!) rows add up to a count \(CountLimit.past)")
          continue
        }
        // Failures are counted as read; connections are tallied from the coverage
        // and counts, so the software rows are only checked against them (below).
        if key == "reason" {
          report.failures.add(count, outcome: .failed(label), label: "")
        } else {
          software.add(count, outcome: .ok, label: label)
        }
      case "coverage":
        guard let index = rule(object) else { continue }
        guard let wins = object.count("wins"), let matches = object.count("matches"),
          let hits = object.count("limit_hits"), coverageSeen.insert(index).inserted
        else {
          fail(object, "expected wins, matches and limit_hits, once per rule")
          continue
        }
        report.coverage[index].wins = wins
        report.coverage[index].matches = matches
        report.coverage[index].limitHits = hits
      case "claimed":
        guard let index = rule(object), let by = rule(object, "by") else { continue }
        guard let count = object.count("count") else {
          fail(object, "expected count")
          continue
        }
        report.coverage[index].claimedBy[by] = count
      case "overlap":
        guard let winner = rule(object, "winner"), let loser = rule(object, "loser") else {
          continue
        }
        guard let ambiguous = object.flag("ambiguous"), let count = object.count("count") else {
          fail(object, "expected ambiguous (true or false) and count")
          continue
        }
        let pair = OverlapCounter.Pair(winner: winner, loser: loser)
        var overlap = RulePairOverlap(winner: winner, loser: loser)
        overlap.count = count
        if ambiguous {
          report.overlaps.ambiguous[pair] = overlap
        } else {
          report.overlaps.redundant[pair] = overlap
        }
        owner = .overlap(ambiguous: ambiguous, pair)
      case "shape":
        guard let key = object.bytes("shape"), let shape = ResidueShape(key: key),
          let count = object.count("count"), count > 0, shapes.insert(shape).inserted
        else {
          fail(object, "expected a shape (a ResidueShape key, once) and a count of 1 or more")
          owner = nil
          continue
        }
        groups.append(ResidueGroups.Group(shape: shape, count: count))
        owner = .shape(groups.count - 1)
      case "example":
        guard let example = example(object) else { continue }
        switch owner {
        case .overlap(true, let pair)?
        where report.overlaps.ambiguous[pair]!.examples.count < value.options.examples:
          report.overlaps.ambiguous[pair]!.examples.append(example)
        case .overlap(false, let pair)?
        where report.overlaps.redundant[pair]!.examples.count < value.options.examples:
          report.overlaps.redundant[pair]!.examples.append(example)
        case .shape(let index)? where groups[index].examples.count < value.options.examples:
          groups[index].examples.append(example)
        default:
          fail(
            object,
            "an example with no overlap or shape above it, or more than --examples \(value.options.examples)"
          )
        }
      case "undecided", "limit_hit":
        guard let index = rule(object), let example = example(object) else { continue }
        guard let reason = object.text("reason") else {
          fail(object, "expected reason")
          continue
        }
        if object.type == "undecided" {
          report.undecided.cases.append(
            UndecidedVerdicts.Case(rule: rules.rules[index], reason: reason, example: example))
        } else {
          report.limitHits.append(
            CorpusReport.LimitHit(rule: index, reason: reason, example: example))
        }
      default:
        fail(
          object,
          "an object of type \(object.type.map { "'\($0)'" } ?? "(none)") in a report partial")
      }
    }
    let end = objects.last!
    if end.count("objects") != objects.count {
      fail(
        end,
        "the end object counts \(end.count("objects").map(String.init) ?? "?") objects but the partial since line \(header.location.line) has \(objects.count): is it cut or edited?"
      )
    }
    report.residue = ResidueGroups(
      capacity: value.options.maxGroups, examples: value.options.examples, groups: groups,
      pruned: pruned, overflow: overflow)
    let counts = report.counts
    let grouped = CountLimit.total(groups.map(\.count) + [pruned, overflow])
    // `report.tally` adds up every rule's wins: only when they fit (each does).
    let tallied = CountLimit.total(
      report.coverage.map(\.wins) + [counts.residue, counts.undecided, report.failures.records])
    if end.count("objects") == objects.count, errors.count == errorCount,
      tallied == nil || !sawCounts || coverageSeen.count != ruleCount
        || report.tally.records != counts.records
        || report.tally.connections != counts.connections
        || report.tally.softwareCounts != software.softwareCounts
        || counts.classified + counts.residue + counts.undecided != counts.connections
        || grouped != counts.residue || groups.count > value.options.maxGroups
    {
      fail(
        end,
        "the partial since line \(header.location.line) does not add up (counts, a coverage object per rule, tables, residue shapes): is it cut or edited?"
      )
    } else if errors.count == errorCount, let what = report.countPastLimit() {
      fail(
        end,
        "in the partial since line \(header.location.line), \(what): a count \(CountLimit.past)")
    }
    return errors.count == errorCount ? report : nil
  }
}

/// One shard's `report --check` output, read.
struct ShardCheck: Sendable {
  var location: SourceLocation
  var rules: String
  var rulesFingerprint: String
  var fingerprint: String
  var candidates: Int
  var records: Int
  var out: Set<Int> = []
  var claims: [Int: [Int: Int]] = [:]

  /// Reads `objects` (its header to its end object), or gives nil with the errors in
  /// `errors`.
  init?(_ objects: ArraySlice<FlatJSONObject>, errors: inout [Diagnostic]) {
    let header = objects.first!
    let errorCount = errors.count
    guard header.count("version") == ReportCheck.version,
      let rules = header.text("rules"), let rulesFingerprint = header.text("rules_fingerprint"),
      let fingerprint = header.text("check_fingerprint"),
      let candidates = header.count("candidates"), let records = header.count("records")
    else {
      errors.append(
        Diagnostic(
          .error, at: header.location,
          "a report_check header of version \(ReportCheck.version) needs rules, rules_fingerprint, check_fingerprint, candidates and records"
        ))
      return nil
    }
    location = header.location
    self.rules = rules
    self.rulesFingerprint = rulesFingerprint
    self.fingerprint = fingerprint
    self.candidates = candidates
    self.records = records
    if let key = header.memberPastCountLimit {
      errors.append(header.pastCountLimit(key))
      return nil
    }
    // Banners claimed per candidate: at most the shard's records (they are banners of
    // the shard), which also keeps the sums over shards within CountLimit.
    var claimed: [Int: Int] = [:]
    for object in objects.dropFirst().dropLast() {
      if FlatJSONObject.stopsReading(header.location.file, &errors, since: errorCount) {
        return nil
      }
      if let key = object.memberPastCountLimit {
        errors.append(object.pastCountLimit(key))
        continue
      }
      let id = object.count("candidate")
      switch object.type {
      case "out" where id.map({ $0 < candidates }) == true:
        out.insert(id!)
      case "claims" where id.map({ $0 < candidates }) == true:
        guard let slot = object.count("slot"), let count = object.count("count"),
          claims[id!, default: [:]].updateValue(count, forKey: slot) == nil
        else {
          errors.append(
            Diagnostic(.error, at: object.location, "expected slot and count, once per slot"))
          continue
        }
        guard let total = CountLimit.sum(claimed[id!, default: 0], count), total <= records else {
          errors.append(
            Diagnostic(
              .error, at: object.location,
              "candidate \(id!) claims more banners than the check's \(records) records"))
          continue
        }
        claimed[id!] = total
      default:
        errors.append(
          Diagnostic(
            .error, at: object.location,
            "expected an out or claims object with a candidate below \(candidates)"))
      }
    }
    let end = objects.last!
    if end.count("objects") != objects.count {
      errors.append(
        Diagnostic(
          .error, at: end.location,
          "the end object counts \(end.count("objects").map(String.init) ?? "?") objects but the check since line \(header.location.line) has \(objects.count): is it cut or edited?"
        ))
    }
    if errors.count != errorCount { return nil }
  }
}
