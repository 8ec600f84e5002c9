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
