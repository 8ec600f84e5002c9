/// The `match` and `softmatch` lines of an `nmap-service-probes` file, by probe, as Nmap
/// publishes it:
///
///     Probe TCP NULL q||
///     match smtp m|^220[\s-].*ESMTP Postfix| p/Postfix smtpd/ cpe:/a:postfix:postfix/a
///     softmatch smtp m|^220[\s-].*smtp|i
///
/// A pattern is `m` then any delimiter, the regex up to the next occurrence of that
/// delimiter (Nmap has no escaping of it), then the flags `i` and `s`. Version fields
/// (`p/.../`, `v|...|`, `cpe:/.../a`) follow, each with a delimiter of its own.
public struct NmapServiceProbes: Sendable {
  public struct Match: Sendable {
    public var probe: String
    public var service: String
    public var isSoft: Bool
    public var pattern: [UInt8]
    public var flags: ForeignRegex.Flags
    /// `p/.../`, the product name template (may hold `$1`, `$P(1)`, `$SUBST(...)`).
    public var product: String?
    /// Where the match line is; its column is the pattern's first byte.
    public var location: SourceLocation
  }

  public var probes: [String] = []
  public var matches: [Match] = []

  /// Reads the file's bytes.
  ///
  /// - Throws: `InputError` with every malformed `match` line (`file:line:col`).
  public init(parsing bytes: [UInt8], file: String) throws(InputError) {
    var errors: [Diagnostic] = []
    var probe: String?
    for (index, rawLine) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    {
      var line = Array(rawLine)
      if line.last == 0x0D { line.removeLast() }
      let location = SourceLocation(file: file, line: index + 1, column: 1)
      if line.starts(with: Array("Probe ".utf8)) {
        let fields = line.split(separator: 0x20)
        guard fields.count >= 3 else {
          errors.append(Diagnostic(.error, at: location, "expected 'Probe PROTOCOL NAME q|...|'"))
          continue
        }
        probe = String(decoding: fields[2], as: UTF8.self)
        probes.append(probe!)
        continue
      }
      let isSoft = line.starts(with: Array("softmatch ".utf8))
      guard isSoft || line.starts(with: Array("match ".utf8)) else { continue }
      guard let probe else {
        errors.append(Diagnostic(.error, at: location, "a match line before any 'Probe' line"))
        continue
      }
      switch Self.parseMatch(line, isSoft: isSoft, location: location) {
      case .success(var match):
        match.probe = probe
        matches.append(match)
      case .failure(let error): errors += error.diagnostics
      }
    }
    guard errors.isEmpty else { throw InputError(errors) }
  }

  static func parseMatch(_ line: [UInt8], isSoft: Bool, location: SourceLocation) -> Result<
    Match, InputError
  > {
    var index = isSoft ? 10 : 6
    func fail(_ message: String) -> Result<Match, InputError> {
      var at = location
      at.column = index + 1
      return .failure(InputError(at, message))
    }
    while index < line.count, line[index] == 0x20 { index += 1 }
    let serviceStart = index
    while index < line.count, line[index] != 0x20 { index += 1 }
    let service = String(decoding: line[serviceStart..<index], as: UTF8.self)
    while index < line.count, line[index] == 0x20 { index += 1 }
    guard index + 1 < line.count, line[index] == UInt8(ascii: "m") else {
      return fail("expected the pattern m/REGEX/ after the service name")
    }
    let delimiter = line[index + 1]
    let patternStart = index + 2
    guard let patternEnd = line[patternStart...].firstIndex(of: delimiter) else {
      return fail("the pattern is not closed by '\(Character(UnicodeScalar(delimiter)))'")
    }
    index = patternEnd + 1
    var flags: ForeignRegex.Flags = []
    while index < line.count, line[index] != 0x20 {
      switch line[index] {
      case UInt8(ascii: "i"): flags.insert(.caseless)
      case UInt8(ascii: "s"): flags.insert(.dotAll)
      default: return fail("unknown pattern flag (Nmap knows 'i' and 's')")
      }
      index += 1
    }
    var product: String?
    // Version fields: NAME DELIM TEXT DELIM [FLAGS], NAME a letter or "cpe:".
    while index < line.count {
      while index < line.count, line[index] == 0x20 { index += 1 }
      guard index < line.count else { break }
      let nameStart = index
      if line[index...].starts(with: Array("cpe:".utf8)) {
        index += 4
      } else {
        index += 1
      }
      guard index < line.count else { return fail("a version field without a value") }
      let name = String(decoding: line[nameStart..<index], as: UTF8.self)
      let fieldDelimiter = line[index]
      guard let end = line[(index + 1)...].firstIndex(of: fieldDelimiter) else {
        return fail("version field '\(name)' is not closed")
      }
      if name == "p" { product = String(decoding: line[(index + 1)..<end], as: UTF8.self) }
      index = end + 1
      while index < line.count, line[index] != 0x20 { index += 1 }
    }
    var at = location
    at.column = patternStart + 1
    return .success(
      Match(
        probe: "", service: service, isSoft: isSoft,
        pattern: Array(line[patternStart..<patternEnd]),
        flags: flags, product: product, location: at))
  }
}
