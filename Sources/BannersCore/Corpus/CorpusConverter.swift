/// Rewrites records of any corpus format (the project's, zgrab2's, masscan's) in one of
/// the project's two: JSON Lines (every record, lossless), or plain text (one banner a
/// line, the form `export-awk`'s program reads; failures have no banner and are left
/// out, and counted).
public struct CorpusConverter: Sendable {
  public enum Target: String, CaseIterable, Sendable {
    case jsonl
    case text
  }

  public let target: Target
  public private(set) var written = 0
  /// Failed connections the text form cannot hold.
  public private(set) var failuresLeftOut = 0
  /// Banners holding U+FFFD: bytes a scanner (zgrab2) replaced, lost before we read them.
  public private(set) var replacementCharacters = 0

  public init(target: Target) { self.target = target }

  /// The output line for `record` (without the newline), or nil when it is left out.
  public mutating func line(for record: CorpusRecord) -> [UInt8]? {
    if let banner = record.banner, ZGrab2Record.hasReplacementCharacter(banner) {
      replacementCharacters += 1
    }
    switch target {
    case .jsonl:
      written += 1
      return Array(record.jsonLine.utf8)
    case .text:
      guard record.outcome == .ok, let banner = record.banner else {
        failuresLeftOut += 1
        return nil
      }
      written += 1
      return PlainTextBanner.escape(banner)
    }
  }

  /// For stderr: `212 records written; 15 failures left out (...)`.
  public var summary: String {
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
