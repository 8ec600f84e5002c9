/// What a scan reads and how: the corpora, their format, what to do with bad lines, how
/// many workers, and the signal that stops it. One value for every command that scans.
public struct ScanRequest: Sendable {
  /// Corpus files in order; `-` is standard input.
  public var corpora: [String]
  public var format: CorpusFormat
  /// Skip malformed lines (each reported to the observer) instead of stopping at one.
  public var skipBad: Bool
  /// Threads that parse and examine records; 1 is the sequential case.
  public var workers: Int
  /// Lines per unit of work handed to a worker.
  public var batchLines: Int
  /// Longer corpus lines are bad lines (a bound on memory, not on banners).
  public var maximumLineLength = CorpusReader.maximumLineLength
  public var stop: StopSignal

  public init(
    corpora: [String], format: CorpusFormat = .auto, skipBad: Bool = false,
    workers: Int = ScanRequest.availableCores, batchLines: Int = 2048,
    stop: StopSignal = StopSignal()
  ) {
    self.corpora = corpora
    self.format = format
    self.skipBad = skipBad
    // More workers than cores only costs memory (a round holds 2 batches per worker).
    self.workers = min(max(1, workers), ScanRequest.availableCores)
    self.batchLines = max(1, batchLines)
    self.stop = stop
  }

  /// Online processors, from `sysconf(_SC_NPROCESSORS_ONLN)`.
  public static var availableCores: Int { max(1, onlineProcessors()) }

  /// True when every corpus can be read twice (standard input cannot).
  public var isRereadable: Bool { !corpora.contains("-") }
}

#if canImport(Glibc)
  import Glibc
  private func onlineProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#elseif canImport(Darwin)
  import Darwin
  private func onlineProcessors() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
