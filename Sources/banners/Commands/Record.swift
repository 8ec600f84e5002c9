import ArgumentParser
import BannersCore
import BannersRecorder

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Banners {
  /// `banners record TARGETS`: the probe recorder of the posts' surveys.
  struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "record",
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
      var request = RecordingRequest()
      request.targets = targets
      request.output = output ?? "-"
      request.resume = resume
      request.exclude = exclude
      request.selection.defaultPort = port
      request.selection.shuffle = shuffle
      request.selection.seed = seed ?? UInt64.random(in: .min ... .max)
      request.selection.sample = sample
      request.selection.shard = shard.flatMap(Shard.init)
      request.configuration.concurrency = concurrency
      request.configuration.rate = rate
      request.configuration.connectTimeout = .seconds(connectTimeout)
      request.configuration.readTimeout = .seconds(readTimeout)
      request.configuration.maxBytes = maxBytes
      request.configuration.probe = noSend ? nil : PlainTextBanner.unescape(Array(send.utf8))
      request.rules = try rules.map(loadRules)
      let showProgress = progress || StandardError.isTerminal
      request.countTargets = showProgress

      let recording: Recording
      do throws(RecordingError) {
        recording = try Recording(request) { diagnostic in
          StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
        }
      } catch {
        throw RecordPrinter.exit(for: error)
      }
      if recording.cutBytes > 0 {
        StandardError.write(RecordPrinter.cutNote(recording))
      }
      let interrupts = InterruptWatch(
        stopping: "stopping: finishing the targets in flight (signal again to interrupt them)",
        onStop: { recording.stop() }, onInterrupt: { recording.interrupt() })
      let display = RecordProgress(
        enabled: showProgress, total: recording.totalTargets, skipped: recording.alreadyRecorded)

      let result: RecordingResult
      do throws(WriteError) {
        result = try recording.run(onStatus: showProgress ? { display.draw($0) } : nil)
      } catch .brokenPipe {
        // A closed stdout (`record | head -1`) cuts the survey short: targets are left
        // unprobed. Say so, and exit as a shell reports a writer that SIGPIPE killed
        // (128 + 13), so a script can tell (ripgrep's quiet 0 suits a search, whose
        // reader has seen what it wanted; a survey's reader has not).
        display.finish()
        StandardError.write("banners: output closed; the run was cut short\n")
        throw ExitCode(128 + SIGPIPE)
      } catch {
        display.finish()
        StandardError.write(
          "banners: error: cannot write \(TerminalSafe.escapeControls(output ?? "standard output")): \(error)\n"
        )
        throw ExitCode(2)
      }
      display.finish()
      StandardError.write(TallyPrinter.text(result.tally))
      StandardError.write(RecordPrinter.summary(result.status, output: output) + "\n")
      if let signal = interrupts.received {
        StandardError.write("banners: stopped by signal \(signal); continue with --resume\n")
        throw ExitCode(128 + signal)
      }
      if result.badTargetLines > 0 {
        StandardError.write(
          "banners: error: \(result.badTargetLines) target line(s) could not be read and were skipped\n"
        )
        throw ExitCode(2)
      }
    }
  }
}
