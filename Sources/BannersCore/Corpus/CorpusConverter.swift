/// Rewrites records of any corpus format (the project's, zgrab2's, masscan's) in one of
/// the project's two: JSON Lines (every record, lossless), or plain text (one banner a
/// line, the form `export-awk`'s program reads; failures have no banner and are left
/// out, and counted). An analysis for `CorpusScan`: lines are made on the workers and
/// written in corpus order.
public struct CorpusConverter: CorpusAnalysis {
  public enum Target: String, CaseIterable, Sendable {
    case jsonl
    case text
  }

  /// One record converted: its output line, nil when left out.
  public struct Converted: Sendable {
    public var line: [UInt8]?
  }

  public struct Examination: RecordExamination {
    public let target: Target

    public func makeWorker() {}

    public func examine(_ record: CorpusRecord, using worker: inout Void) -> Converted {
      switch target {
      case .jsonl:
        return Converted(line: Array(record.jsonLine.utf8))
      case .text:
        guard record.outcome == .ok, let banner = record.banner else {
          return Converted(line: nil)
        }
        return Converted(line: PlainTextBanner.escape(banner))
      }
    }
  }

  public let examination: Examination
  private let write: ([UInt8]) -> Void
  public private(set) var written = 0
  /// Failed connections the text form cannot hold.
  public private(set) var failuresLeftOut = 0

  /// - Parameter write: receives each output line, without its newline, in corpus order.
  public init(target: Target, write: @escaping ([UInt8]) -> Void) {
    self.examination = Examination(target: target)
    self.write = write
  }

  public mutating func add(_ record: CorpusRecord, _ finding: Converted) {
    guard let line = finding.line else {
      failuresLeftOut += 1
      return
    }
    written += 1
    write(line)
  }

  /// For stderr: `212 records written; 15 failures left out (...)`, with the scan's
  /// count of banners holding U+FFFD (`ScanSummary.replacementCharacters`).
  public func summary(replacementCharacters: Int) -> String {
    var text = "\(written) records written"
    if failuresLeftOut > 0 {
      text += "; \(failuresLeftOut) failures left out (the text form holds banners only)"
    }
    if replacementCharacters > 0 {
      text +=
        "; \(replacementCharacters) banners hold U+FFFD: the scanner replaced bytes that were not UTF-8, and rules cannot see those bytes"
    }
    return text
  }
}
