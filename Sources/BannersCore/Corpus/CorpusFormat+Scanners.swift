extension CorpusFormat {
  /// The scanner output a first line shows, or nil for the project's own formats:
  ///
  /// | first line                                   | format          |
  /// |----------------------------------------------|-----------------|
  /// | `#masscan`, `open tcp ...`, `banner tcp ...` | `masscan-list`  |
  /// | `[`, or an object with `"ports"` or `"rec_type"` | `masscan-json` |
  /// | an object with a `"data"` member and no `"outcome"` | `zgrab2`  |
  static func scannerFormat(firstLine line: UnsafeBufferPointer<UInt8>) -> CorpusFormat? {
    let text = String(decoding: line, as: UTF8.self)
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix("#masscan") || trimmed.hasPrefix("open tcp ")
      || trimmed.hasPrefix("open udp ") || trimmed.hasPrefix("banner tcp ")
      || trimmed.hasPrefix("banner udp ")
    {
      return .masscanList
    }
    if trimmed.hasPrefix("[") { return .masscanJSON }
    guard trimmed.hasPrefix("{") else { return nil }
    if text.contains("\"outcome\"") { return nil }
    if text.contains("\"ports\"") || text.contains("\"rec_type\"") { return .masscanJSON }
    if text.contains("\"data\"") { return .zgrab2 }
    return nil
  }
}
