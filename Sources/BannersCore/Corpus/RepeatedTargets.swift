#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The targets that may occur more than once in a corpus file, found by a first pass
/// over large corpora, so that numbering repeats (`#2`) counts only them: memory about
/// 2 bytes a record (a Bloom filter of every target seen, then the candidates) instead
/// of 16 to 24 (`TargetOccurrences`, which counts every target).
///
/// Exact: a target occurring twice finds its bits set the second time and becomes a
/// candidate, so a target that is no candidate occurred once. A false positive of the
/// filter (about 0.5% of targets) only makes a candidate that is counted and found
/// to occur once.
///
///     let repeats = RepeatedTargets.survey(request)     // nil for stdin or small corpora
///     var identity = RecordIdentity(repeats: repeats)
public struct RepeatedTargets: Sendable {
  /// Per corpus file (as records name it), its candidates.
  private var candidates: [String: Set<String>] = [:]
  private var filter = ScalableBloomFilter()
  private var currentFile: String?

  /// Corpora larger than this together are surveyed (about three million records);
  /// below it, counting every target costs less than reading the corpus twice.
  public static let threshold = 1 << 30

  init() {}

  /// True when `target` may occur more than once in `file`.
  func mayRepeat(_ target: String, inFile file: String) -> Bool {
    candidates[file]?.contains(target) ?? false
  }

  mutating func note(_ record: CorpusRecord) {
    if currentFile != record.source.file {
      currentFile = record.source.file
      filter = ScalableBloomFilter()
    }
    guard let target = record.target, filter.insert(target) else { return }
    candidates[record.source.file, default: []].insert(target)
  }

  /// Reads the corpora once for their targets when together they hold more than
  /// `threshold` bytes (every one a regular file, which reads the same twice); nil
  /// otherwise, or when a corpus cannot be read or the scan is stopped (the second
  /// pass then counts every target, and reports any error itself).
  public static func survey(_ request: ScanRequest, threshold: Int = Self.threshold)
    -> RepeatedTargets?
  {
    var bytes = 0
    for path in request.corpora {
      var info = stat()
      guard path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
        return nil
      }
      bytes += Int(info.st_size)
    }
    guard bytes > threshold else { return nil }
    var survey = RepeatedTargetSurvey()
    var silent = request
    silent.skipBad = true
    do {
      let summary = try CorpusScan(silent).run(&survey)
      return summary.stopped ? nil : survey.repeats
    } catch {
      return nil
    }
  }
}

/// The first pass: records are parsed on the workers, targets noted in corpus order.
struct RepeatedTargetSurvey: CorpusAnalysis {
  struct Examination: RecordExamination {
    func makeWorker() {}
    func examine(_ record: CorpusRecord, using worker: inout Void) {}
  }

  let examination = Examination()
  var repeats = RepeatedTargets()

  mutating func add(_ record: CorpusRecord, _ finding: Void) { repeats.note(record) }
}

/// A Bloom filter that grows: a new filter of twice the capacity when the last is full,
/// 12 bits and 8 probes an element (about 0.3% false positives each), asked in turn.
struct ScalableBloomFilter: Sendable {
  private var levels: [[UInt64]] = []
  private var capacity = 0
  private var count = 0

  private static let firstCapacity = 1 << 20
  private static let bitsPerElement = 12
  private static let probes = 8

  /// Adds `text`; true when it was (probably) there already.
  mutating func insert(_ text: String) -> Bool {
    var first: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { first = (first ^ UInt64(byte)) &* 0x100_0000_01B3 }
    first = SeededRandom.mix(first)
    let second = SeededRandom.mix(first ^ 0x9E37_79B9_7F4A_7C15) | 1
    for level in levels where Self.contains(level, first, second) { return true }
    if count == capacity {
      capacity = capacity == 0 ? Self.firstCapacity : capacity * 2
      levels.append([UInt64](repeating: 0, count: capacity * Self.bitsPerElement / 64))
      count = 0
    }
    let last = levels.count - 1
    let bits = UInt64(levels[last].count * 64)
    for probe in 0..<UInt64(Self.probes) {
      let bit = (first &+ probe &* second) % bits
      levels[last][Int(bit / 64)] |= 1 << (bit % 64)
    }
    count += 1
    return false
  }

  private static func contains(_ level: [UInt64], _ first: UInt64, _ second: UInt64) -> Bool {
    let bits = UInt64(level.count * 64)
    for probe in 0..<UInt64(probes) {
      let bit = (first &+ probe &* second) % bits
      if level[Int(bit / 64)] & (1 << (bit % 64)) == 0 { return false }
    }
    return true
  }
}
