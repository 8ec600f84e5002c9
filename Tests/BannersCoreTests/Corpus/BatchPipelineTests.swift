import Dispatch
import Synchronization
import Testing

@testable import BannersCore

/// The scan's worker threads (`BatchPipeline`): batches go to whichever worker is free,
/// results come back in the order the batches went in, and `finish` leaves no batch
/// unprocessed and no worker running.
@Suite struct BatchPipelineTests {
  func batch(_ first: Int) -> RawCorpusLines {
    var batch = RawCorpusLines(file: "t", format: .text, firstLine: first)
    Array("line \(first)".utf8).withUnsafeBufferPointer { batch.append($0) }
    return batch
  }

  /// Batch 1's worker waits until batch 2 is processed: only workers that take batches
  /// from a queue get past that (a round with a barrier, or batches assigned to workers
  /// in turn, would wait forever; the wait gives up after a minute and fails instead).
  @Test func aLaterBatchIsProcessedWhileAnEarlierOneWaits() throws {
    let secondDone = DispatchSemaphore(value: 0)
    let pipeline = try #require(
      BatchPipeline(workers: 2, capacity: 4) { batch -> Int in
        switch batch.firstLine {
        case 1:
          return secondDone.wait(timeout: .now() + 60) == .success ? 1 : -1
        case 2:
          secondDone.signal()
          return 2
        default:
          return batch.firstLine
        }
      })
    for first in 1...4 { pipeline.submit(batch(first)) }
    #expect(pipeline.isFull)
    var results: [Int] = []
    while !pipeline.isEmpty {
      let (result, batch) = pipeline.takeOldest()
      #expect(batch.firstLine == result)
      results.append(result)
    }
    #expect(results == [1, 2, 3, 4])
    pipeline.finish()
  }

  /// `finish` with batches in flight waits for every one of them, then ends the workers.
  @Test(arguments: [1, 2, 3])
  func finishProcessesEveryBatchInFlight(workers: Int) throws {
    let processed = Atomic<Int>(0)
    let pipeline = try #require(
      BatchPipeline(workers: workers, capacity: 8) { batch -> Int in
        processed.add(1, ordering: .relaxed)
        return batch.firstLine
      })
    for first in 1...8 { pipeline.submit(batch(first)) }
    _ = pipeline.takeOldest()
    pipeline.finish()
    #expect(processed.load(ordering: .relaxed) == 8)
    #expect(pipeline.isEmpty)
  }

  final class Token: Sendable {}

  /// A result taken back is the caller's alone: the pipeline keeps nothing of it while
  /// later batches are in flight (it once kept every result until the pipeline emptied,
  /// so per-record output held every line of a ten-million-record corpus).
  @Test func aResultTakenBackIsNotKept() throws {
    let pipeline = try #require(BatchPipeline(workers: 1, capacity: 4) { _ in Token() })
    pipeline.submit(batch(1))
    pipeline.submit(batch(2))
    weak var first: Token?
    first = pipeline.takeOldest().result
    pipeline.submit(batch(3))
    #expect(pipeline.count == 2)
    #expect(first == nil)
    pipeline.finish()
  }
}
