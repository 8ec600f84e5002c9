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

/// One report partial as it is read, object by object, from its header
/// (`ReportMerge.startPartial`) to its end object. It holds what the partial adds to a
/// merge, never the partial's lines: the counters, at most `--max-groups` residue
/// shapes and their examples (a shape past that bound is counted, then dropped: the
/// partial cannot add up), and the undecided cases and limit hits a merge keeps.
struct PartialReading {
  let header: SourceLocation
  let value: ReportPartial.Settings
  let rules: RuleList
  /// The errors of the file before this partial: its own come after.
  let errorCount: Int
  var report: CorpusReport
  /// Objects read, header included.
  var objects = 1
  /// True once it had `FlatJSONObject.errorLimit` errors: the rest is passed over.
  var stopped = false
  var sawCounts = false
  var coverageSeen = Set<Int>()
  var software = Tally()
  var groups: [ResidueGroups.Group] = []
  var shapes = Set<ResidueShape>()
  /// Shapes read past `--max-groups`, not kept.
  var shapesPastBound = 0
  /// The counts of every shape read, summed (nil past `CountLimit.maximum`).
  var shapeCounts: Int? = 0
  var pruned = 0
  var overflow = 0
  enum Owner {
    case overlap(ambiguous: Bool, OverlapCounter.Pair)
    case shape(Int)
    /// A shape past `--max-groups`, with the examples read after it.
    case shapePastBound(examples: Int)
  }
  /// What the examples read next belong to.
  var owner: Owner?

  init(header: SourceLocation, value: ReportPartial.Settings, rules: RuleList, errorCount: Int) {
    self.header = header
    self.value = value
    self.rules = rules
    self.errorCount = errorCount
    report = CorpusReport(
      rules: rules, limits: ReportPartial.limits(from: value.limits), options: value.options)
  }

  /// Adds `object`, one between the header and the end object.
  mutating func add(_ object: FlatJSONObject, errors: inout [Diagnostic]) {
    objects += 1
    guard !stopped else { return }
    if FlatJSONObject.stopsReading(header.file, &errors, since: errorCount) {
      stopped = true
      return
    }
    func fail(_ object: FlatJSONObject, _ message: String) {
      errors.append(Diagnostic(.error, at: object.location, message))
    }
    let ruleCount = rules.rules.count
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
    if let key = object.memberPastCountLimit {
      errors.append(object.pastCountLimit(key))
      return
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
        return
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
        return
      }
      let sofar = key == "reason" ? report.failures.records : software.records
      guard CountLimit.sum(sofar, count) != nil else {
        fail(object, "the partial's \(object.type!) rows add up to a count \(CountLimit.past)")
        return
      }
      // Failures are counted as read; connections are tallied from the coverage
      // and counts, so the software rows are only checked against them (below).
      if key == "reason" {
        report.failures.add(count, outcome: .failed(label), label: "")
      } else {
        software.add(count, outcome: .ok, label: label)
      }
    case "coverage":
      guard let index = rule(object) else { return }
      guard let wins = object.count("wins"), let matches = object.count("matches"),
        let hits = object.count("limit_hits"), coverageSeen.insert(index).inserted
      else {
        fail(object, "expected wins, matches and limit_hits, once per rule")
        return
      }
      report.coverage[index].wins = wins
      report.coverage[index].matches = matches
      report.coverage[index].limitHits = hits
    case "claimed":
      guard let index = rule(object), let by = rule(object, "by") else { return }
      guard let count = object.count("count") else {
        fail(object, "expected count")
        return
      }
      report.coverage[index].claimedBy[by] = count
    case "overlap":
      guard let winner = rule(object, "winner"), let loser = rule(object, "loser") else {
        return
      }
      guard let ambiguous = object.flag("ambiguous"), let count = object.count("count") else {
        fail(object, "expected ambiguous (true or false) and count")
        return
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
      // Past --max-groups a shape is checked against the shapes kept, counted and
      // dropped: the partial does not add up (below), and memory stays bounded.
      let kept = groups.count < value.options.maxGroups
      guard let key = object.bytes("shape"), let shape = ResidueShape(key: key),
        let count = object.count("count"), count > 0,
        kept ? shapes.insert(shape).inserted : !shapes.contains(shape)
      else {
        fail(object, "expected a shape (a ResidueShape key, once) and a count of 1 or more")
        owner = nil
        return
      }
      shapeCounts = shapeCounts.flatMap { CountLimit.sum($0, count) }
      if kept {
        groups.append(ResidueGroups.Group(shape: shape, count: count))
        owner = .shape(groups.count - 1)
      } else {
        shapesPastBound += 1
        owner = .shapePastBound(examples: 0)
      }
    case "example":
      guard let example = example(object) else { return }
      switch owner {
      case .overlap(true, let pair)?
      where report.overlaps.ambiguous[pair]!.examples.count < value.options.examples:
        report.overlaps.ambiguous[pair]!.examples.append(example)
      case .overlap(false, let pair)?
      where report.overlaps.redundant[pair]!.examples.count < value.options.examples:
        report.overlaps.redundant[pair]!.examples.append(example)
      case .shape(let index)? where groups[index].examples.count < value.options.examples:
        groups[index].examples.append(example)
      case .shapePastBound(let examples)? where examples < value.options.examples:
        owner = .shapePastBound(examples: examples + 1)
      default:
        fail(
          object,
          "an example with no overlap or shape above it, or more than --examples \(value.options.examples)"
        )
      }
    case "undecided", "limit_hit":
      guard let index = rule(object), let example = example(object) else { return }
      guard let reason = object.text("reason") else {
        fail(object, "expected reason")
        return
      }
      // Kept as many as a scan or a merge keeps (a partial a scan wrote has no more).
      if object.type == "undecided" {
        if report.undecided.cases.count < UndecidedVerdicts.kept {
          report.undecided.cases.append(
            UndecidedVerdicts.Case(rule: rules.rules[index], reason: reason, example: example))
        }
      } else if report.limitHits.count < value.options.limitHitsKept {
        report.limitHits.append(
          CorpusReport.LimitHit(rule: index, reason: reason, example: example))
      }
    default:
      fail(
        object,
        "an object of type \(object.type.map { "'\($0)'" } ?? "(none)") in a report partial")
    }
  }

  /// The first pass the partial holds, read to its end object `end`, or nil with its
  /// errors in `errors`.
  mutating func end(_ end: FlatJSONObject, errors: inout [Diagnostic]) -> CorpusReport? {
    objects += 1
    guard !stopped else { return nil }
    func fail(_ object: FlatJSONObject, _ message: String) {
      errors.append(Diagnostic(.error, at: object.location, message))
    }
    if end.count("objects") != objects {
      fail(
        end,
        "the end object counts \(end.count("objects").map(String.init) ?? "?") objects but the partial since line \(header.line) has \(objects): is it cut or edited?"
      )
    }
    report.residue = ResidueGroups(
      capacity: value.options.maxGroups, examples: value.options.examples, groups: groups,
      pruned: pruned, overflow: overflow)
    let counts = report.counts
    let grouped = shapeCounts.flatMap { CountLimit.total([$0, pruned, overflow]) }
    // `report.tally` adds up every rule's wins: only when they fit (each does).
    let tallied = CountLimit.total(
      report.coverage.map(\.wins) + [counts.residue, counts.undecided, report.failures.records])
    if end.count("objects") == objects, errors.count == errorCount,
      tallied == nil || !sawCounts || coverageSeen.count != rules.rules.count
        || report.tally.records != counts.records
        || report.tally.connections != counts.connections
        || report.tally.softwareCounts != software.softwareCounts
        || counts.classified + counts.residue + counts.undecided != counts.connections
        || grouped != counts.residue || shapesPastBound > 0
    {
      fail(
        end,
        "the partial since line \(header.line) does not add up (counts, a coverage object per rule, tables, residue shapes): is it cut or edited?"
      )
    } else if errors.count == errorCount, let what = report.countPastLimit() {
      fail(
        end,
        "in the partial since line \(header.line), \(what): a count \(CountLimit.past)")
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

  /// One check as it is read, object by object, from its header (`init`) to its end
  /// object (`end`).
  struct Reading {
    var check: ShardCheck
    /// The errors of the file before this check: its own come after.
    let errorCount: Int
    /// Objects read, header included.
    var objects = 1
    /// True once it had `FlatJSONObject.errorLimit` errors: the rest is passed over.
    var stopped = false
    /// Banners claimed per candidate: at most the shard's records (they are banners of
    /// the shard), which also keeps the sums over shards within CountLimit.
    var claimed: [Int: Int] = [:]

    /// Starts reading the check of `header`, or gives nil with its error in `errors`.
    init?(header: FlatJSONObject, errors: inout [Diagnostic]) {
      errorCount = errors.count
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
      if let key = header.memberPastCountLimit {
        errors.append(header.pastCountLimit(key))
        return nil
      }
      check = ShardCheck(
        location: header.location, rules: rules, rulesFingerprint: rulesFingerprint,
        fingerprint: fingerprint, candidates: candidates, records: records)
    }

    /// Adds `object`, one between the header and the end object.
    mutating func add(_ object: FlatJSONObject, errors: inout [Diagnostic]) {
      objects += 1
      guard !stopped else { return }
      if FlatJSONObject.stopsReading(check.location.file, &errors, since: errorCount) {
        stopped = true
        return
      }
      if let key = object.memberPastCountLimit {
        errors.append(object.pastCountLimit(key))
        return
      }
      let id = object.count("candidate")
      switch object.type {
      case "out" where id.map({ $0 < check.candidates }) == true:
        check.out.insert(id!)
      case "claims" where id.map({ $0 < check.candidates }) == true:
        guard let slot = object.count("slot"), let count = object.count("count"),
          check.claims[id!, default: [:]].updateValue(count, forKey: slot) == nil
        else {
          errors.append(
            Diagnostic(.error, at: object.location, "expected slot and count, once per slot"))
          return
        }
        guard let total = CountLimit.sum(claimed[id!, default: 0], count), total <= check.records
        else {
          errors.append(
            Diagnostic(
              .error, at: object.location,
              "candidate \(id!) claims more banners than the check's \(check.records) records"))
          return
        }
        claimed[id!] = total
      default:
        errors.append(
          Diagnostic(
            .error, at: object.location,
            "expected an out or claims object with a candidate below \(check.candidates)"))
      }
    }

    /// The check, read to its end object `end`, or nil with its errors in `errors`.
    mutating func end(_ end: FlatJSONObject, errors: inout [Diagnostic]) -> ShardCheck? {
      objects += 1
      guard !stopped else { return nil }
      if end.count("objects") != objects {
        errors.append(
          Diagnostic(
            .error, at: end.location,
            "the end object counts \(end.count("objects").map(String.init) ?? "?") objects but the check since line \(check.location.line) has \(objects): is it cut or edited?"
          ))
      }
      return errors.count == errorCount ? check : nil
    }
  }
}

extension ShardCheck {
  /// Reads `objects` (its header to its end object) in one call, or gives nil with the
  /// errors in `errors`.
  init?(_ objects: ArraySlice<FlatJSONObject>, errors: inout [Diagnostic]) {
    guard var reading = Reading(header: objects.first!, errors: &errors) else { return nil }
    for object in objects.dropFirst().dropLast() { reading.add(object, errors: &errors) }
    guard let check = reading.end(objects.last!, errors: &errors) else { return nil }
    self = check
  }
}
