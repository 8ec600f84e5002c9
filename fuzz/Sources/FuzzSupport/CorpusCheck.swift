import BannersCore

/// The corpus readers' invariants, for one input file.
public enum CorpusCheck {
  /// What reading a corpus gave: each record, or the error of each bad line.
  public typealias Outcome = Result<CorpusRecord, InputError>

  /// A line limit far below the real one (16 MiB), so that inputs of a few KiB reach
  /// the over-long line path.
  public static let lineLimit = 200

  /// Reads `path` record by record (`next()`), as `classify -j 1` does, going on after
  /// bad lines as `--skip-bad` does; nil when the file cannot be read at all.
  public static func sequential(_ path: String, format: CorpusFormat) -> [Outcome]? {
    guard let reader = try? CorpusReader(path: path, format: format, maximumLineLength: lineLimit)
    else { return nil }
    var outcomes: [Outcome] = []
    while true {
      do {
        guard let record = try reader.next() else { return outcomes }
        outcomes.append(.success(record))
      } catch {
        guard error.kind == .badLine || error.kind == .invalid else { return outcomes }
        outcomes.append(.failure(error))
      }
    }
  }

  /// Reads `path` in batches of raw lines parsed one by one (`nextRawLines`), as the
  /// parallel scan does.
  public static func batched(_ path: String, format: CorpusFormat, batchSize: Int) -> [Outcome]? {
    guard let reader = try? CorpusReader(path: path, format: format, maximumLineLength: lineLimit)
    else { return nil }
    var outcomes: [Outcome] = []
    while true {
      let batch: RawCorpusLines
      do {
        guard let next = try reader.nextRawLines(upTo: batchSize) else { return outcomes }
        batch = next
      } catch {
        return outcomes
      }
      for index in 0..<batch.count {
        do {
          if let record = try batch.record(at: index) { outcomes.append(.success(record)) }
        } catch {
          outcomes.append(.failure(error))
        }
      }
    }
  }

  /// Fails the run unless both ways of reading `path` give the same records and errors.
  public static func readersAgree(_ path: String, format: CorpusFormat) -> [CorpusRecord] {
    let one = sequential(path, format: format)
    let other = batched(path, format: format, batchSize: 3)
    guard let one, let other else {
      if (one == nil) != (other == nil) { FuzzInput.fail("one reader opened the file, one not") }
      return []
    }
    guard one.count == other.count else {
      FuzzInput.fail("next() read \(one.count) records or errors, nextRawLines \(other.count)")
    }
    for (index, (a, b)) in zip(one, other).enumerated() {
      switch (a, b) {
      case (.success(let x), .success(let y)) where x == y: continue
      case (.failure(let x), .failure(let y)) where x.description == y.description: continue
      default: FuzzInput.fail("outcome \(index) differs: \(a) vs \(b)")
      }
    }
    return one.compactMap { try? $0.get() }
  }
}
