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
