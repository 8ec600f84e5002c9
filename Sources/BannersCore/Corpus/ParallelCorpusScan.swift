import Dispatch

/// Reads corpora on one thread and parses and processes their records on all cores,
/// then hands the results to `consume` in corpus order: the same output as a
/// sequential loop, in a fraction of the time.
///
/// Work goes in batches of lines; a round of `2 x workers` batches is processed
/// concurrently, then consumed in order, so memory is bounded by the round whatever the
/// corpus size. Each batch gets its own `State` (a `RuleMatcher`, say), made by
/// `makeState`, because matchers are per-thread.
///
/// A malformed line stops the scan at that line (everything before it is consumed
/// first), or with `skipBad` is reported through `onBadLine` and skipped.
public struct ParallelCorpusScan: Sendable {
  public var paths: [String]
  public var format: CorpusFormat
  public var skipBad: Bool
  public var workers: Int
  public var batchLines: Int

  public init(
    paths: [String], format: CorpusFormat = .auto, skipBad: Bool = false,
    workers: Int = ParallelCorpusScan.availableCores, batchLines: Int = 2048
  ) {
    self.paths = paths
    self.format = format
    self.skipBad = skipBad
    self.workers = max(1, workers)
    self.batchLines = max(1, batchLines)
  }

  /// What the machine offers, from `sysconf` via Dispatch's view of the system.
  public static var availableCores: Int { max(1, sysconfCores()) }

  /// Runs the scan.
  ///
  /// - Parameters:
  ///   - process: runs on worker threads, once per record.
  ///   - consume: runs on the calling thread, once per record, in corpus order.
  ///   - progress: called on the calling thread after each round with the file being read.
  ///   - shouldStop: asked before each round is read; once true, no more lines are read,
  ///     and the rounds already read are processed and consumed before `run` returns.
  /// - Returns: the number of malformed lines skipped (only with `skipBad`).
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  public func run<State, Output: Sendable>(
    makeState: @escaping @Sendable () -> State,
    process: @escaping @Sendable (inout State, CorpusRecord) -> Output,
    consume: (CorpusRecord, Output) -> Void,
    onBadLine: (InputError) -> Void = { _ in },
    progress: (String) -> Void = { _ in },
    shouldStop: @escaping () -> Bool = { false }
  ) throws(InputError) -> Int {
    var badLines = 0
    func consumeRound(_ results: [[Item<Output>]], of reader: CorpusReader) throws(InputError) {
      for batchResults in results {
        for item in batchResults {
          switch item {
          case .record(let record, let output): consume(record, output)
          case .blank: continue
          case .bad(let error):
            guard skipBad else { throw error }
            badLines += 1
            onBadLine(error)
          }
        }
      }
      progress(reader.displayName)
    }
    for path in paths where !shouldStop() {
      let reader = try CorpusReader(path: path, format: format)
      reader.stopWaiting = shouldStop
      // A pipeline of two rounds: while the workers process round k, this thread reads
      // round k + 1, then consumes round k while the workers process round k + 1. So
      // reading and consuming (the serial parts) overlap the parallel part, and memory
      // stays bounded by two rounds.
      var inFlight: RoundInFlight<Output>? = nil
      defer { inFlight?.wait() }  // a thrown bad line must not leave workers running
      while true {
        // A quiet pipe: hand on what is done before waiting for more.
        if let waiting = inFlight, reader.wouldBlock {
          inFlight = nil
          try consumeRound(waiting.wait(), of: reader)
        }
        var round: [RawCorpusLines] = []
        var readError: InputError? = nil
        if !shouldStop() {
          do throws(InputError) { round = try readRound(from: reader) } catch { readError = error }
        }
        let finished = inFlight?.wait()
        inFlight =
          round.isEmpty || readError != nil
          ? nil : RoundInFlight(round, makeState: makeState, process: process)
        if let finished { try consumeRound(finished, of: reader) }
        // An unreadable file stops the scan after everything read before it is consumed.
        if let readError { throw readError }
        if round.isEmpty { break }
      }
    }
    return badLines
  }

  private func readRound(from reader: CorpusReader) throws(InputError) -> [RawCorpusLines] {
    var round: [RawCorpusLines] = []
    while round.count < workers * 2, let batch = try reader.nextRawLines(upTo: batchLines) {
      round.append(batch)
      if batch.count < batchLines { break }  // the end, or a quiet pipe: go with what there is
    }
    return round
  }

  enum Item<Output: Sendable>: Sendable {
    case record(CorpusRecord, Output)
    case blank
    case bad(InputError)
  }

}

/// One round of batches being parsed and processed on the worker threads.
private final class RoundInFlight<Output: Sendable>: Sendable {
  private let done = DispatchGroup()
  private let results: ResultSlots<[ParallelCorpusScan.Item<Output>]>

  init<State>(
    _ round: [RawCorpusLines], makeState: @escaping @Sendable () -> State,
    process: @escaping @Sendable (inout State, CorpusRecord) -> Output
  ) {
    let results = ResultSlots<[ParallelCorpusScan.Item<Output>]>(count: round.count)
    self.results = results
    done.enter()
    DispatchQueue.global().async { [done] in
      DispatchQueue.concurrentPerform(iterations: round.count) { index in
        results.set(index, Self.items(of: round[index], makeState: makeState, process: process))
      }
      done.leave()
    }
  }

  /// Waits for the workers, then hands over the round's items in corpus order.
  @discardableResult
  func wait() -> [[ParallelCorpusScan.Item<Output>]] {
    done.wait()
    return results.values
  }

  private static func items<State>(
    of batch: RawCorpusLines, makeState: @Sendable () -> State,
    process: @Sendable (inout State, CorpusRecord) -> Output
  ) -> [ParallelCorpusScan.Item<Output>] {
    var state = makeState()
    var items: [ParallelCorpusScan.Item<Output>] = []
    items.reserveCapacity(batch.count)
    for line in 0..<batch.count {
      do throws(InputError) {
        if let record = try batch.record(at: line) {
          items.append(.record(record, process(&state, record)))
        } else {
          items.append(.blank)
        }
      } catch {
        items.append(.bad(error))
      }
    }
    return items
  }
}

/// One slot per concurrent iteration, in memory allocated up front: each iteration
/// writes only its own slot through the pointer, and the values are read after
/// `concurrentPerform` returns, which orders every write before the read.
private final class ResultSlots<Value>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func set(_ index: Int, _ value: Value) { slots[index] = value }

  var values: [Value] { slots.map { $0! } }
}

#if canImport(Glibc)
  import Glibc
  private func sysconfCores() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#elseif canImport(Darwin)
  import Darwin
  private func sysconfCores() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
