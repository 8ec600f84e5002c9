/// Adds up the posts' tables of several runs (`classify --tally --json` of each shard
/// of a survey, `record --shard I/N` on N machines) into the tables one run over the
/// whole corpus prints: the counts are sums, and the printers order rows the same way.
///
///     var merge = TallyMerge()
///     try merge.add(jsonLines: bytes, file: "shard-1.json")
///     TallyPrinter.text(merge.tally)   // as classify --tally over every shard's records
public struct TallyMerge: Sendable {
  public private(set) var tally = Tally()
  /// Runs added so far.
  public private(set) var parts = 0

  public init() {}
}

extension TallyMerge: InputMerge {
  /// Adds the `classify --tally --json` outputs in `input`: one run's, or several
  /// concatenated (each run's rows end with its summary, so a stream of them, as a
  /// Spark `RDD.pipe` collects, can be told apart).
  ///
  /// - Throws: `InputError` naming `file:line` for a line that is not one of that
  ///   output's objects, or a run whose summary does not match its rows (a cut or
  ///   edited file); then nothing of `input` is added.
  public mutating func add(_ input: inout MergeInput) throws(InputError) {
    let file = input.file
    var sum = Tally()
    var part = Tally()
    var partStart = 1
    var runs = 0
    var errors: [Diagnostic] = []
    while let line = try input.next() {
      if FlatJSONObject.stopsReading(file, &errors) { break }
      let location = SourceLocation(file: file, line: line.number)
      let members: [String: JSONObjectParser.Value]
      switch line.members {
      case .success(let found):
        members = found
      case .failure(let error):
        errors.append(Diagnostic(.error, at: location, "not JSON: \(error.message)"))
        continue
      }
      func text(_ key: String) -> String? {
        if case .string(let bytes)? = members[key] { return String(decoding: bytes, as: UTF8.self) }
        return nil
      }
      func number(_ key: String) -> Int? {
        if case .number(let digits)? = members[key] {
          return Int(String(decoding: digits, as: UTF8.self)).flatMap { $0 >= 0 ? $0 : nil }
        }
        return nil
      }
      if let key = members.filter({ CountLimit.isPast($0.value) }).keys.min() {
        errors.append(
          Diagnostic(.error, at: location, "\"\(key)\" is a count \(CountLimit.past)"))
        continue
      }
      // Sums stay within CountLimit too (a label's count is at most its run's records):
      // a corrupted file is an error, never an Int overflow.
      func fits(_ count: Int) -> Bool {
        guard CountLimit.sum(part.records, count) != nil else {
          errors.append(
            Diagnostic(
              .error, at: location,
              "the rows since line \(partStart) add up to a count \(CountLimit.past)"))
          return false
        }
        return true
      }
      switch (text("type"), number("count")) {
      case ("failure", let count?) where text("reason") != nil:
        if fits(count) { part.add(count, outcome: .failed(text("reason")!), label: "") }
      case ("software", let count?) where text("label") != nil:
        if fits(count) { part.add(count, outcome: .ok, label: text("label")!) }
      case ("summary", _) where number("records") != nil:
        let records = number("records")!
        if CountLimit.total([tally.records, sum.records, part.records]) == nil {
          errors.append(
            Diagnostic(
              .error, at: location,
              "with this run, the records of all runs add up to a count \(CountLimit.past)"))
          part = Tally()
        } else if records != part.records {
          errors.append(
            Diagnostic(
              .error, at: location,
              "the summary counts \(records) records but the rows since line \(partStart) add up to \(part.records): is the output cut short?"
            ))
        }
        sum.merge(part)
        part = Tally()
        partStart = line.number + 1
        runs += 1
      default:
        errors.append(
          Diagnostic(
            .error, at: location,
            "expected a failure, software or summary object of 'classify --tally --json'"))
      }
    }
    if errors.isEmpty, runs == 0 || part.records > 0 {
      errors.append(
        Diagnostic(
          .error, at: SourceLocation(file: file, line: 0),
          "rows after line \(partStart - 1) have no summary object: is this the whole output of 'classify --tally --json'?"
        ))
    }
    guard errors.isEmpty else { throw InputError(errors) }
    tally.merge(sum)
    parts += runs
  }
}
