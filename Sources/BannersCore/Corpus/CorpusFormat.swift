/// How a corpus file is written.
public enum CorpusFormat: String, CaseIterable, Sendable {
  /// JSON Lines when the name ends in `.jsonl`, `.ndjson` or `.json`, plain text when it
  /// ends in `.txt`; otherwise JSON Lines if the first line starts with `{`.
  case auto
  /// One JSON object a line, as `banners record` writes.
  case jsonl
  /// One banner a line, `\r \n \t \\` escaped.
  case text

  func resolved(path: String, firstLine: UnsafeBufferPointer<UInt8>?) -> CorpusFormat {
    guard self == .auto else { return self }
    for suffix in [".jsonl", ".ndjson", ".json"] where path.hasSuffix(suffix) { return .jsonl }
    if path.hasSuffix(".txt") { return .text }
    let first = firstLine?.first { $0 != 0x20 && $0 != 0x09 }
    return first == UInt8(ascii: "{") ? .jsonl : .text
  }
}

extension CorpusFormat {
  /// True when the file at `path` reads as a corpus rather than a rule list: a corpus
  /// name (`.jsonl`, `.ndjson`, `.json`) or a first line that opens a JSON object. For
  /// hints when arguments come in the wrong order.
  public static func looksLikeCorpus(_ path: String) -> Bool {
    if [".jsonl", ".ndjson", ".json"].contains(where: path.hasSuffix) { return true }
    guard let reader = try? LineReader(path: path), let line = try? reader.nextLine() else {
      return false
    }
    return line.first { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: "{")
  }
}
