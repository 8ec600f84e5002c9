/// Adds up the posts' tables of several runs (`classify --tally --json` of each shard
/// of a survey, `record --shard I/N` on N machines) into the tables one run over the
/// whole corpus prints: the counts are sums, and the printers order rows the same way.
///
///     var merge = TallyMerge()
///     try merge.add(jsonLines: bytes, file: "shard-1.json")
///     TallyPrinter.text(merge.tally)   // as classify --tally over every shard's records
public struct TallyMerge: Sendable {
  public private(set) var tally = Tally()
  /// Inputs read so far.
  public private(set) var parts = 0

  public init() {}

  /// Adds one run's `classify --tally --json` output.
  ///
  /// - Throws: `InputError` naming `file:line` for a line that is not one of that
  ///   output's objects, or an output whose summary does not match its rows (a cut or
  ///   edited file).
  public mutating func add(jsonLines bytes: [UInt8], file: String) throws(InputError) {
    var part = Tally()
    var summary: (records: Int, line: Int)?
    var errors: [Diagnostic] = []
    for (offset, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D })
    {
      let location = SourceLocation(file: file, line: offset + 1)
      var members: [String: JSONObjectParser.Value] = [:]
      do {
        try Array(line).withUnsafeBufferPointer { buffer throws(JSONObjectParser.Failure) in
          try JSONObjectParser.parse(buffer) { key, value in
            members[String(decoding: key, as: UTF8.self)] = value
          }
        }
      } catch {
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
      switch (text("type"), number("count")) {
      case ("failure", let count?) where text("reason") != nil:
        part.add(count, outcome: .failed(text("reason")!), label: "")
      case ("software", let count?) where text("label") != nil:
        part.add(count, outcome: .ok, label: text("label")!)
      case ("summary", _) where number("records") != nil:
        summary = (number("records")!, offset + 1)
      default:
        errors.append(
          Diagnostic(
            .error, at: location,
            "expected a failure, software or summary object of 'classify --tally --json'"))
      }
    }
    if errors.isEmpty {
      if let summary, summary.records != part.records {
        errors.append(
          Diagnostic(
            .error, at: SourceLocation(file: file, line: summary.line),
            "the summary counts \(summary.records) records but the rows add up to \(part.records): is the file cut short?"
          ))
      } else if summary == nil {
        errors.append(
          Diagnostic(
            .error, at: SourceLocation(file: file, line: 0),
            "no summary object: is this the whole output of 'classify --tally --json'?"))
      }
    }
    guard errors.isEmpty else { throw InputError(errors) }
    tally.merge(part)
    parts += 1
  }
}
