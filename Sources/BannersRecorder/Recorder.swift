import BannersCore
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The probe recorder: takes targets one at a time, keeps up to `concurrency`
/// connections in flight (each a `ReplyFramer` and a `ProbeHandler`), and hands each
/// finished target to `onRecord` as a `CorpusRecord`, in completion order.
///
/// Memory is bounded by `concurrency x maxBytes` whatever the number of targets: the
/// target iterator is pulled only when a slot frees up.
///
/// All bookkeeping runs on one event loop, the coordinator, so `onRecord` and
/// `onStatus` are never called concurrently.
public final class Recorder: @unchecked Sendable {
  // @unchecked Sendable: every mutable property below is read and written only on
  // `coordinator` (each entry point hops there first; `assertInEventLoop` checks it).

  private struct Probe {
    var target: Target
    var time: String
    /// The probe's channel from the moment its handlers are in place (set on the
    /// channel's loop, read on the coordinator), so a second signal can ask the handler
    /// for the bytes it holds even before the connect completes.
    var channel: ChannelSlot
  }

  /// A `Channel?` shared between a channel's loop and the coordinator.
  private final class ChannelSlot: Sendable {
    private let value = Mutex<Channel?>(nil)
    var channel: Channel? {
      get { value.withLock { $0 } }
      set { value.withLock { $0 = newValue } }
    }
  }

  private let configuration: RecorderConfiguration
  private let group: EventLoopGroup
  private let coordinator: EventLoop
  private let targets: TargetIterator
  private let onRecord: (CorpusRecord) throws -> Void
  private var onStatus: ((RecorderStatus) -> Void)?
  private let statusInterval: TimeAmount
  private let done: EventLoopPromise<RecorderStatus>

  private var status = RecorderStatus()
  private var inFlight: [Int: Probe] = [:]
  private var nextID = 0
  /// Future callbacks still to come back to the coordinator (two per probe started):
  /// the run ends only when none is left, so nothing hops to a loop after shutdown.
  private var pendingCallbacks = 0
  private var started = 0
  private var startTime = NIODeadline.now()
  private var exhausted = false
  private var finished = false
  private var fillScheduled = false
  private var writeError: Error?
  private var statusTask: RepeatedTask?

  /// - Parameters:
  ///   - targets: the targets, pulled one at a time on the coordinator loop.
  ///   - group: the loops that run the connections; the first one also coordinates.
  ///   - onStatus: called every `statusInterval` with the counts so far.
  ///   - onRecord: called once per finished target; an error it throws stops the run
  ///     (in-flight targets are recorded as `interrupted` if they can be) and fails it.
  public init(
    configuration: RecorderConfiguration, targets: TargetIterator, group: EventLoopGroup,
    onStatus: ((RecorderStatus) -> Void)? = nil, statusInterval: TimeAmount = .milliseconds(250),
    onRecord: @escaping (CorpusRecord) throws -> Void
  ) {
    self.configuration = configuration
    self.targets = targets
    self.group = group
    self.coordinator = group.next()
    self.onRecord = onRecord
    self.onStatus = onStatus
    self.statusInterval = statusInterval
    self.done = coordinator.makePromise()
  }

  /// Starts the run; the future gives the final counts when every target is recorded
  /// (or the run was stopped and its in-flight targets are recorded).
  ///
  /// - Parameter onStatus: replaces the initializer's `onStatus` when given.
  public func run(onStatus: ((RecorderStatus) -> Void)? = nil) -> EventLoopFuture<RecorderStatus> {
    // Set before the hop: `execute` orders it before the loop reads it.
    if let onStatus { self.onStatus = onStatus }
    coordinator.execute {
      self.startTime = .now()
      if self.onStatus != nil {
        self.statusTask = self.coordinator.scheduleRepeatedTask(
          initialDelay: self.statusInterval, delay: self.statusInterval
        ) { _ in self.onStatus?(self.snapshot()) }
      }
      self.fill()
    }
    return done.futureResult
  }

  /// Starts no new target; those in flight finish normally (first SIGINT or SIGTERM).
  public func stop() {
    coordinator.execute {
      self.status.stopping = true
      self.fill()
    }
  }

  /// Records every target in flight as `interrupted` and ends the run now (second
  /// SIGINT or SIGTERM).
  public func interrupt() {
    coordinator.execute { self.interruptNow() }
  }

  private func snapshot() -> RecorderStatus {
    var copy = status
    copy.inFlight = inFlight.count
    copy.elapsed = Double((NIODeadline.now() - startTime).nanoseconds) / 1e9
    return copy
  }

  private func fill() {
    coordinator.assertInEventLoop()
    while !status.stopping && !exhausted && inFlight.count < configuration.concurrency {
      if let rate = configuration.rate, rate > 0 {
        let due = startTime + .nanoseconds(Int64(Double(started) / rate * 1e9))
        if due > .now() {
          if !fillScheduled {
            fillScheduled = true
            coordinator.scheduleTask(deadline: due) {
              self.fillScheduled = false
              self.fill()
            }
          }
          break
        }
      }
      guard let target = targets.next() else {
        exhausted = true
        break
      }
      if configuration.alreadyRecorded.contains(target.identity) {
        status.alreadyRecorded += 1
      } else if configuration.exclusions.contains(target.address) {
        status.excluded += 1
      } else {
        start(target)
      }
    }
    finishIfDone()
  }

  private func finishIfDone() {
    if (exhausted || status.stopping) && inFlight.isEmpty && pendingCallbacks == 0 { finishRun() }
  }

  private func start(_ target: Target) {
    let id = nextID
    nextID += 1
    started += 1
    let slot = ChannelSlot()
    inFlight[id] = Probe(target: target, time: Self.timestamp(), channel: slot)

    let loop = group.next()
    let promise = loop.makePromise(of: ProbeResult.self)
    let address: SocketAddress
    do {
      address = try SocketAddress(ipAddress: target.address.description, port: target.port)
    } catch {
      promise.succeed(ProbeResult(outcome: Self.outcome(for: error)))
      complete(id, ProbeResult(outcome: Self.outcome(for: error)))
      return
    }
    let configuration = self.configuration
    let connected = ClientBootstrap(group: loop)
      .channelOption(.connectTimeout, value: TimeAmount(configuration.connectTimeout))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ReplyFramer()))
          try channel.pipeline.syncOperations.addHandler(
            ProbeHandler(
              probe: configuration.probe, readTimeout: TimeAmount(configuration.readTimeout),
              maxBytes: configuration.maxBytes, promise: promise))
          slot.channel = channel
        }
      }
      .connect(to: address)
    pendingCallbacks += 2
    connected.hop(to: coordinator).whenComplete { result in
      self.pendingCallbacks -= 1
      if case .success(let channel) = result, self.inFlight[id] == nil {
        channel.close(promise: nil)
      }
      self.finishIfDone()
    }
    connected.flatMap { _ in promise.futureResult }
      .flatMapError { error in
        // The handler may never have been added (the socket could not be made), so
        // the promise must still be completed; a second completion is ignored. The
        // handler can have answered first in two ways: a second signal during the
        // connect (`interrupted`, which stands), or the failed channel's teardown
        // removing it (its "immediate disconnect" is then wrong: the connect error,
        // `connection refused`, is what happened).
        let connectFailure = ProbeResult(outcome: Self.outcome(for: error))
        promise.succeed(connectFailure)
        return promise.futureResult.map { answer in
          answer.outcome == .failed(FailureReason.interrupted.text) ? answer : connectFailure
        }
      }
      .hop(to: coordinator)
      .whenComplete { result in
        self.pendingCallbacks -= 1
        if case .success(let result) = result { self.complete(id, result) }
        self.finishIfDone()
      }
  }

  private func complete(_ id: Int, _ result: ProbeResult) {
    coordinator.assertInEventLoop()
    // Already recorded as interrupted.
    guard let probe = inFlight.removeValue(forKey: id) else { return }
    write(probe, result)
    fill()
  }

  private func write(_ probe: Probe, _ result: ProbeResult) {
    guard writeError == nil else { return }
    let record = CorpusRecord(
      address: probe.target.address.description, port: probe.target.port, time: probe.time,
      outcome: result.outcome, banner: result.banner, source: SourceLocation(file: "", line: 0))
    do {
      try onRecord(record)
      status.recorded += 1
      status.outcomes[result.outcome.description, default: 0] += 1
    } catch {
      // The output is gone (a full disk, a closed pipe: `banners record | head`): no
      // point waiting for targets in flight whose records cannot be written.
      writeError = error
      status.stopping = true
      coordinator.execute { self.abandonInFlight() }
    }
  }

  private func abandonInFlight() {
    for probe in inFlight.values { probe.channel.channel?.close(promise: nil) }
    inFlight.removeAll()
    fill()
  }

  /// Ends every probe in flight now. A probe with a channel is asked through its
  /// handler (`ProbeInterrupt`), which keeps the bytes already received (`ok`, as the
  /// table of `ProbeHandler` promises) or says `interrupted`; its result comes back
  /// through `complete` at once. A probe without a channel yet cannot have received a
  /// byte and is recorded `interrupted` here.
  private func interruptNow() {
    status.stopping = true
    for (id, probe) in inFlight.sorted(by: { $0.key < $1.key }) {
      if let channel = probe.channel.channel {
        channel.pipeline.fireUserInboundEventTriggered(ProbeInterrupt())
      } else {
        inFlight[id] = nil
        write(probe, ProbeResult(outcome: .failed(FailureReason.interrupted.text)))
      }
    }
    fill()
  }

  private func finishRun() {
    guard !finished else { return }
    finished = true
    statusTask?.cancel()
    if let writeError {
      done.fail(writeError)
    } else {
      done.succeed(snapshot())
    }
  }

  /// The outcome for a connect or read error: the posts' reason for its errno
  /// (`IOError.errnoCode`), `timed out` for NIO's connect timeout, or its description.
  public static func outcome(for error: Error) -> Outcome {
    if let error = error as? IOError {
      return .failed(FailureReason(errno: error.errnoCode).text)
    }
    if let error = error as? ChannelError, case .connectTimeout = error {
      return .failed(FailureReason.timedOut.text)
    }
    return .failed("error: \(error)")
  }

  /// Now as RFC 3339 UTC to the second: `1998-05-11T03:10:02Z`.
  static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
