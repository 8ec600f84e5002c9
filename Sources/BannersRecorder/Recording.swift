import BannersCore
import NIOCore
import NIOPosix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What one `banners record` run is asked to do: every option, as values.
public struct RecordingRequest: Sendable {
  /// The target list; `-` reads standard input.
  public var targets = "-"
  /// The corpus file records are appended to; `-` is standard output.
  public var output = "-"
  /// Skip the targets `output` already has (after a stopped run); needs a file.
  public var resume = false
  /// A target list of addresses and blocks never to contact.
  public var exclude: String?
  public var selection = TargetSelection()
  /// Concurrency, timeouts, probe... (`exclusions` and `alreadyRecorded` are filled
  /// from `exclude` and `resume`).
  public var configuration = RecorderConfiguration()
  /// Classifies `ok` banners for the end-of-run tally; nil tallies outcomes only.
  public var rules: RuleList?
  /// Count the targets before the run, for a progress display with a total: reads the
  /// list twice, so it is off unless asked (and impossible for standard input).
  public var countTargets = false

  public init() {}
}

/// Why a recording could not start; the run never began, nothing was contacted.
public enum RecordingError: Error, Sendable {
  /// A bad input: the target or exclusion list, a resume log, an output that exists
  /// without `--resume`.
  case input(InputError)
  /// The output file cannot be opened for appending.
  case cannotOpenOutput(path: String, WriteError)
}

/// What a finished recording did.
public struct RecordingResult: Sendable {
  public var status: RecorderStatus
  /// Outcomes, and the labels of `ok` banners when the request had rules.
  public var tally: Tally
  /// Target lines that could not be read and were skipped (each reported as it came).
  public var badTargetLines: Int
}

/// One run of `banners record`, from its request to its tally: checks and opens the
/// inputs and the output, resumes a stopped run, runs the `Recorder` on an event loop
/// group of its own, and classifies what it records. The command only turns options
/// into a `RecordingRequest` and prints the result.
///
/// Stopping is two-staged, as a person pressing Ctrl-C expects: `stop()` starts no new
/// target and lets those in flight finish; `interrupt()` records those still in flight
/// as `interrupted` and ends the run now. Either may come from another thread (a signal
/// handler), before or during `run`.
public final class Recording: Sendable {
  public let request: RecordingRequest
  /// Bytes of a partial last line cut from the output before resuming (a killed run's).
  public let cutBytes: Int
  /// Targets the output already had (`--resume`), skipped.
  public let alreadyRecorded: Int
  /// How many targets the run will see, when `countTargets` asked and the list is a file.
  public let totalTargets: Int?

  private let group: MultiThreadedEventLoopGroup
  private let recorder: Recorder
  private let counters: Counters

  /// Checks the request and opens everything the run needs; contacts nobody yet.
  ///
  /// - Parameter onBadTargetLine: told of each target line that cannot be read (with
  ///   its file and line), as the run reaches it; the line is skipped.
  /// - Throws: `RecordingError`.
  public init(
    _ request: RecordingRequest, onBadTargetLine: @escaping (Diagnostic) -> Void
  ) throws(RecordingError) {
    self.request = request
    var configuration = request.configuration
    var cutBytes = 0
    do throws(InputError) {
      if let exclude = request.exclude {
        configuration.exclusions = try AddressSet(contentsOf: exclude)
      }
      if request.output != "-" {
        if request.resume {
          let log = try ResumeLog.recordedTargets(in: request.output)
          configuration.alreadyRecorded = log.targets
          cutBytes = log.cutBytes
        } else if Self.fileIsNonEmpty(request.output) {
          throw InputError(
            SourceLocation(file: request.output, line: 0),
            "output exists and is not empty; add --resume to continue that run, or choose another file"
          )
        }
      }
    } catch {
      throw .input(error)
    }
    self.cutBytes = cutBytes
    alreadyRecorded = configuration.alreadyRecorded.count
    totalTargets =
      request.countTargets && request.targets != "-"
      ? Self.count(path: request.targets, selection: request.selection) : nil

    // The callbacks below outlive this initializer and cannot capture `self` before
    // it is complete: they count into `counters`.
    let counters = Counters()
    let targets: TargetIterator
    do throws(InputError) {
      targets = try TargetIterator(path: request.targets, selection: request.selection) {
        counters.badTargetLines += 1
        onBadTargetLine($0)
      }
    } catch {
      throw .input(error)
    }
    let appender: CorpusAppender
    do throws(WriteError) {
      appender = try CorpusAppender(path: request.output)
    } catch {
      throw .cannotOpenOutput(path: request.output, error)
    }
    let matcher = request.rules.map { RuleMatcher($0) }
    group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    recorder = Recorder(configuration: configuration, targets: targets, group: group) {
      record in
      try appender.append(record)
      var label = ""
      if record.outcome == .ok, let matcher, let rules = request.rules {
        label = rules.label(of: matcher.verdict(for: record.banner ?? []))
      } else if record.outcome == .ok {
        label = "not classified (give --rules)"
      }
      counters.tally.add(outcome: record.outcome, label: label)
    }
    self.counters = counters
  }

  /// Records every target; returns when all are recorded, or when a `stop()` or
  /// `interrupt()` has taken effect. Call it once.
  ///
  /// - Parameter onStatus: the counts so far, a few times a second (for a progress line).
  /// - Throws: `WriteError` when the output fails (`.brokenPipe`: stdout's reader went
  ///   away); targets in flight are then abandoned.
  public func run(onStatus: ((RecorderStatus) -> Void)? = nil) throws(WriteError)
    -> RecordingResult
  {
    defer { try? group.syncShutdownGracefully() }
    let status: RecorderStatus
    do {
      status = try recorder.run(onStatus: onStatus).wait()
    } catch let error as WriteError {
      throw error
    } catch {
      // The recorder fails only with what `onRecord` threw, a `WriteError`.
      throw .system(SystemError(errno: EIO, operation: "write", message: "\(error)"))
    }
    return RecordingResult(
      status: status, tally: counters.tally, badTargetLines: counters.badTargetLines)
  }

  /// Starts no new target; those in flight finish and are recorded (a first Ctrl-C).
  public func stop() { recorder.stop() }

  /// Records the targets in flight as `interrupted` and ends the run (a second Ctrl-C).
  public func interrupt() { recorder.interrupt() }

  /// Targets the run will see (bad lines counted silently; they are reported once, by
  /// the run itself).
  private static func count(path: String, selection: TargetSelection) -> Int? {
    guard
      let iterator = try? TargetIterator(path: path, selection: selection, onBadLine: { _ in })
    else {
      return nil
    }
    var count = 0
    while iterator.next() != nil { count += 1 }
    return count
  }

  private static func fileIsNonEmpty(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_size > 0
  }
}

/// What the recorder's callbacks count during a run: the tally of records, and the
/// target lines skipped.
private final class Counters: @unchecked Sendable {
  // @unchecked Sendable: written only on the recorder's coordinator loop (it calls
  // `onRecord` and pulls the target iterator there, one call at a time); read by `run`
  // after the recorder is done.
  var tally = Tally()
  var badTargetLines = 0
}
