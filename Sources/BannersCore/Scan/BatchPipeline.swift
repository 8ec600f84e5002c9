import Dispatch
import Synchronization

/// Worker threads (`WorkerThread`) that process batches of lines in the order they are
/// submitted and hand the results back in that order: the parallel half of `CorpusScan`.
///
/// The threads live as long as the pipeline and take batches from one queue, so a worker
/// that finishes early takes the next batch at once: there is no barrier between groups
/// of batches (a round of `concurrentPerform` left one core idle at every round's tail,
/// and the reading thread waited for the slowest batch). The scanning thread submits
/// batches and takes results as they come, oldest first; at most `capacity` are in
/// flight, which bounds memory.
///
///     let pipeline = BatchPipeline(workers: 2, capacity: 8, process: examine)!
///     pipeline.submit(batch)
///     let (result, batch) = pipeline.takeOldest()
///     pipeline.finish()
final class BatchPipeline<Result: Sendable> {
  /// One submitted batch: written by the worker that processes it, read by the scanning
  /// thread after `done` is signalled (the semaphore orders the write before the read).
  private final class Job: @unchecked Sendable {
    /// Moved out with the result by `takeOldest`.
    var batch: RawCorpusLines?
    var result: Result?
    let done = DispatchSemaphore(value: 0)

    init(_ batch: RawCorpusLines) { self.batch = batch }
  }

  /// Jobs not yet taken by a worker, oldest first; nil tells a worker to end.
  private final class JobQueue: Sendable {
    private let jobs = Mutex<[Job?]>([])
    private let queued = DispatchSemaphore(value: 0)

    func put(_ job: Job?) {
      jobs.withLock { $0.append(job) }
      queued.signal()
    }

    /// The oldest job, waiting for one.
    func take() -> Job? {
      queued.wait()
      return jobs.withLock { $0.removeFirst() }
    }
  }

  private let queue = JobQueue()
  private var workers: [WorkerThread] = []
  /// Submitted and not yet taken back, oldest first (the scanning thread's alone). At
  /// most `capacity` long: a job taken back leaves it at once, with its result (a job
  /// kept after it was taken kept its result, every batch's lines of a scan's output).
  private var inFlight: [Job] = []
  let capacity: Int

  /// Starts `workers` threads (nil when the system gives none: then the scan runs on
  /// its own thread).
  init?(
    workers: Int, capacity: Int,
    process: @escaping @Sendable (RawCorpusLines) -> Result
  ) {
    self.capacity = max(1, capacity)
    for _ in 0..<workers {
      let worker = WorkerThread { [queue] in
        while let job = queue.take() {
          job.result = process(job.batch!)
          job.done.signal()
        }
      }
      guard let worker else { break }
      self.workers.append(worker)
    }
    if self.workers.isEmpty { return nil }
  }

  deinit { precondition(inFlight.isEmpty, "a pipeline ends with finish()") }

  /// Batches submitted and not yet taken back.
  var count: Int { inFlight.count }
  var isFull: Bool { count >= capacity }
  var isEmpty: Bool { count == 0 }

  /// Hands `batch` to the workers.
  func submit(_ batch: RawCorpusLines) {
    precondition(!isFull, "at most `capacity` batches in flight")
    let job = Job(batch)
    inFlight.append(job)
    queue.put(job)
  }

  /// True when the oldest batch in flight is processed (`takeOldest` will not wait).
  var oldestIsDone: Bool {
    guard !isEmpty else { return false }
    let job = inFlight[0]
    guard job.done.wait(timeout: .now()) == .success else { return false }
    job.done.signal()  // the wait took the signal: put it back for `takeOldest`
    return true
  }

  /// The oldest batch's result, waiting for it, and the batch (for its storage).
  func takeOldest() -> (result: Result, batch: RawCorpusLines) {
    precondition(!isEmpty)
    let job = inFlight.removeFirst()
    job.done.wait()
    // Moved out, not copied: the worker may not have let go of the job yet, and the
    // reader reuses the batch's memory only when it holds it alone.
    defer {
      job.result = nil
      job.batch = nil
    }
    return (job.result!, job.batch!)
  }

  /// Waits for every batch in flight (their results are dropped), then ends the workers.
  /// Call once, before the pipeline goes: no worker runs after it returns.
  func finish() {
    while !isEmpty { _ = takeOldest() }
    for _ in workers { queue.put(nil) }
    for worker in workers { worker.join() }
    workers = []
  }
}
