import ArgumentParser
import BannersCore
import BannersRecorder
import Dispatch
import NIOCore
import NIOPosix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Banners {
  /// `banners record TARGETS`: the probe recorder of the posts' surveys.
  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Connect to every target, send HELP, and record the response as a corpus.",
      discussion: """
        What the posts' survey program did: connect to each address at the SMTP
        port, read the greeting, send HELP, read the reply until it is complete,
        say QUIT, and record the bytes, or the reason the connection failed (timed
        out, connection refused, host unreachable, network unreachable, immediate
        disconnect, ...).

        Targets are addresses and CIDR blocks, one a line, IPv4 or IPv6, with an
        optional port (192.0.2.7:2525, [2001:db8::1]:25, 192.0.2.0/24); '#' starts a
        comment. Blocks are expanded as the run goes, never all at once.

        Records are appended to --output (or written to stdout) one JSON line per
        target as it completes, so a stopped run loses nothing; --resume continues it
        with no duplicate and no gap. SIGINT or SIGTERM stops starting targets and
        lets those in flight finish; a second one ends them at once, recording the
        bytes each has received (as "ok"), or "interrupted" when none came.

        When stdout is closed before the run ends (`banners record | head -1`), the
        run stops and exits with status 141 (128 + SIGPIPE), as a shell reports a
        process killed by SIGPIPE, so a script can tell it was cut short.

        At the end, the posts' two tables go to stderr (give --rules to classify the
        banners, as `banners classify --tally` does):
          banners record --output may.jsonl --rules rules/smtp-1998.rules mx.txt
        """
    )

    @Argument(
      help: ArgumentHelp(
        "Target list: addresses and CIDR blocks; '-' reads stdin.", valueName: "targets"))
    var targets = "-"

    @Option(help: "Port for targets without ':PORT'.")
    var port = 25

    @Option(help: ArgumentHelp("Append records to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Skip targets already recorded in --output (after a stopped run).")
    var resume = false

    @Option(
      help: ArgumentHelp(
        "Never contact these addresses and blocks (target-list syntax).", valueName: "file"))
    var exclude: String?

    @Flag(help: "Probe the targets in a random order.")
    var shuffle = false

    @Option(
      help: ArgumentHelp(
        "Seed for --shuffle and --sample, to repeat a run or split it with --shard.", valueName: "n"
      ))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Probe a random sample of N targets of the list.", valueName: "n"))
    var sample: UInt64?

    @Option(
      help: ArgumentHelp(
        "Probe only part I of N (1-based), so N machines split one list.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection.", valueName: "seconds"))
    var connectTimeout = 10.0

    @Option(
      help: ArgumentHelp(
        "Seconds to wait for the greeting, and again for the reply.", valueName: "seconds"))
    var readTimeout = 20.0

    @Option(help: ArgumentHelp("Bytes to keep from one target at most.", valueName: "bytes"))
    var maxBytes = 65536

    @Option(
      help: ArgumentHelp(
        "The probe sent after the greeting; \\r \\n \\t \\\\ are escapes.", valueName: "text"))
    var send = "HELP\\r\\n"

    @Flag(help: "Send nothing: record the greeting only (protocols that speak first).")
    var noSend = false

    @Option(help: "Connections in flight at once.")
    var concurrency = 250

    @Option(help: ArgumentHelp("New connections per second at most.", valueName: "n"))
    var rate: Double?

    @Option(
      help: ArgumentHelp(
        "Classify banners with this rule list for the end-of-run tables.", valueName: "rules"))
    var rules: String?

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    func validate() throws {
      guard (1...65535).contains(port) else {
        throw ValidationError("--port must be from 1 to 65535")
      }
      guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
      guard (1...CorpusRecord.maximumBannerLength).contains(maxBytes) else {
        // Every line `record` writes must read back (issue 12): a banner's JSON form is
        // up to six times its size, and readers stop at CorpusRecord.maximumLineLength.
        throw ValidationError(
          "--max-bytes must be from 1 to \(CorpusRecord.maximumBannerLength), so that every record reads back"
        )
      }
      guard connectTimeout > 0, readTimeout > 0 else {
        throw ValidationError("--connect-timeout and --read-timeout must be more than 0 seconds")
      }
      if let rate, rate <= 0 {
        throw ValidationError("--rate must be more than 0 connections per second")
      }
      if let shard, Shard(shard) == nil {
        throw ValidationError("--shard takes I/N with 1 <= I <= N, as in --shard 2/4")
      }
      if resume && (output == nil || output == "-") {
        throw ValidationError("--resume continues an --output file; name it with --output FILE")
      }
      if sample != nil && seed == nil && (resume || shard != nil) {
        throw ValidationError(
          "--sample with --resume or --shard needs --seed, so that every run draws the same sample")
      }
    }

    func run() throws {
      var selection = TargetSelection()
      selection.defaultPort = port
      selection.shuffle = shuffle
      selection.seed = seed ?? UInt64.random(in: .min ... .max)
      selection.sample = sample
      selection.shard = shard.flatMap(Shard.init)

      var configuration = RecorderConfiguration()
      configuration.concurrency = concurrency
      configuration.rate = rate
      configuration.connectTimeout = .nanoseconds(Int64(connectTimeout * 1e9))
      configuration.readTimeout = .nanoseconds(Int64(readTimeout * 1e9))
      configuration.maxBytes = maxBytes
      configuration.probe = noSend ? nil : PlainTextBanner.unescape(Array(send.utf8))
      do throws(InputError) {
        if let exclude { configuration.exclusions = try AddressSet(contentsOf: exclude) }
        if let output, output != "-" {
          if resume {
            let log = try ResumeLog.recordedTargets(in: output)
            configuration.alreadyRecorded = log.targets
            if log.cutBytes > 0 {
              StandardError.write(
                "banners: \(TerminalSafe.escapeControls(output)): cut a partial last line (\(log.cutBytes) bytes) left by a killed run\n"
              )
            }
          } else if Self.fileIsNonEmpty(output) {
            throw InputError(
              SourceLocation(file: output, line: 0),
              "output exists and is not empty; add --resume to continue that run, or choose another file"
            )
          }
        }
      } catch {
        throw exitWithInputError(error)
      }
      let ruleList = try rules.map(loadRules)
      let matcher = ruleList.map { RuleMatcher($0) }

      var badLines = 0
      let iterator: TargetIterator
      do {
        iterator = try TargetIterator(path: targets, selection: selection) { diagnostic in
          badLines += 1
          StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
        }
      } catch {
        throw exitWithInputError(error)
      }
      let showProgress = progress || StandardError.isTerminal
      var total: Int?
      if showProgress && targets != "-" {
        total = Self.count(path: targets, selection: selection)
      }

      let appender: CorpusAppender
      do {
        appender = try CorpusAppender(path: output ?? "-")
      } catch {
        StandardError.write(
          "banners: error: cannot open \(TerminalSafe.escapeControls(output ?? "-")): \(error)\n")
        throw ExitCode(2)
      }

      var tally = Tally()
      var appended = 0
      let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
      defer { try? group.syncShutdownGracefully() }
      let display = RecordProgress(
        enabled: showProgress, total: total, skipped: configuration.alreadyRecorded.count)
      let recorder = Recorder(
        configuration: configuration, targets: iterator, group: group,
        onStatus: showProgress ? { display.draw($0) } : nil
      ) { record in
        try appender.append(record)
        appended += 1
        var label = ""
        if record.outcome == .ok, let matcher, let ruleList {
          label = ruleList.label(of: matcher.verdict(for: record.banner ?? []))
        } else if record.outcome == .ok {
          label = "not classified (give --rules)"
        }
        tally.add(outcome: record.outcome, label: label)
      }
      let signals = SignalWatch(recorder: recorder)

      let status: RecorderStatus
      do {
        status = try recorder.run().wait()
      } catch let error as SystemError {
        display.finish()
        if error.errno == EPIPE {
          // A closed stdout (`record | head -1`) cuts the survey short: targets are
          // left unprobed. Say so, and exit as a shell reports a writer that SIGPIPE
          // killed (128 + 13), so a script can tell (ripgrep's quiet 0 suits a search,
          // whose reader has seen what it wanted; a survey's reader has not).
          StandardError.write(
            "banners: output closed after \(appended) record(s); the run was cut short\n")
          throw ExitCode(128 + SIGPIPE)
        }
        StandardError.write(
          "banners: error: cannot write \(TerminalSafe.escapeControls(output ?? "standard output")): \(error)\n"
        )
        throw ExitCode(2)
      }
      display.finish()
      StandardError.write(TallyPrinter.text(tally))
      StandardError.write(Self.summary(status, output: output) + "\n")
      if let signal = signals.received {
        StandardError.write("banners: stopped by signal \(signal); continue with --resume\n")
        throw ExitCode(128 + signal)
      }
      if badLines > 0 {
        StandardError.write(
          "banners: error: \(badLines) target line(s) could not be read and were skipped\n")
        throw ExitCode(2)
      }
    }

    private static func summary(_ status: RecorderStatus, output: String?) -> String {
      let rate =
        status.elapsed > 0 ? Int(Double(status.recorded) / status.elapsed) : status.recorded
      var line =
        "banners: recorded \(status.recorded) target(s) in \(String(format1: status.elapsed)) s (\(rate)/s)"
      if let output { line += " to \(TerminalSafe.escapeControls(output))" }
      if status.excluded > 0 { line += "; \(status.excluded) excluded" }
      if status.alreadyRecorded > 0 { line += "; \(status.alreadyRecorded) already recorded" }
      return line
    }

    /// Targets the run will see, for the progress display (bad lines counted silently).
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
}

extension String {
  /// `value` with one decimal.
  init(format1 value: Double) {
    let tenths = Int((value * 10).rounded())
    self = "\(tenths / 10).\(tenths % 10)"
  }
}

/// SIGINT and SIGTERM during a recording: the first stops starting targets (those in
/// flight finish and are recorded), the second ends those in flight at once, keeping
/// the bytes each has received.
private final class SignalWatch: @unchecked Sendable {
  // @unchecked Sendable: `count` and `signal` are touched only on `queue`.
  private let queue = DispatchQueue(label: "banners.record.signals")
  private var sources: [DispatchSourceSignal] = []
  private var count = 0
  private var signal: Int32?

  init(recorder: Recorder) {
    for number in [SIGINT, SIGTERM] {
      Glibc.signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [unowned self] in
        self.count += 1
        self.signal = self.signal ?? number
        if self.count == 1 {
          StandardError.write(
            "\nbanners: stopping: finishing the targets in flight (signal again to interrupt them)\n"
          )
          recorder.stop()
        } else {
          recorder.interrupt()
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  var received: Int32? { queue.sync { signal } }
}
