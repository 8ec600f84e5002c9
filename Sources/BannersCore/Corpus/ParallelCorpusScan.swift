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
  /// - Returns: the number of malformed lines skipped (only with `skipBad`).
  /// - Throws: `InputError` for an unreadable file or (without `skipBad`) a bad line.
  public func run<State, Output: Sendable>(
    makeState: @escaping @Sendable () -> State,
    process: @escaping @Sendable (inout State, CorpusRecord) -> Output,
    consume: (CorpusRecord, Output) -> Void,
    onBadLine: (InputError) -> Void = { _ in },
    progress: (String) -> Void = { _ in }
  ) throws(InputError) -> Int {
    var badLines = 0
    for path in paths {
      let reader = try CorpusReader(path: path, format: format)
      while true {
        var round: [RawCorpusLines] = []
        while round.count < workers * 2, let batch = try reader.nextRawLines(upTo: batchLines) {
          round.append(batch)
        }
        if round.isEmpty { break }
        let results = Self.process(round, makeState: makeState, process: process)
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
    }
    return badLines
  }

  enum Item<Output: Sendable>: Sendable {
    case record(CorpusRecord, Output)
    case blank
    case bad(InputError)
  }

  private static func process<State, Output: Sendable>(
    _ round: [RawCorpusLines], makeState: @Sendable () -> State,
    process: @Sendable (inout State, CorpusRecord) -> Output
  ) -> [[Item<Output>]] {
    let results = ResultSlots<[Item<Output>]>(count: round.count)
    DispatchQueue.concurrentPerform(iterations: round.count) { index in
      let batch = round[index]
      var state = makeState()
      var items: [Item<Output>] = []
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
      results.set(index, items)
    }
    return results.values
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
