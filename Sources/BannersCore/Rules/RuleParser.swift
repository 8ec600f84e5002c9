/// Reads rule files in the awk format of the posts, one rule a line:
///
///     /REGEX/ LABEL            # optional comment
///     // not sure
///
/// - `REGEX` ends at the first `/` not escaped by `\`; everything between the slashes
///   is significant, spaces included (`/UCX /`), and a `#` there is no comment
///   (`/unimplemented..#5.5.1/ qmail`).
/// - `LABEL` is the rest of the line up to a `#` that starts a word, trimmed; it may
///   hold spaces, commas, parentheses, `/`, `*`, `!`. A label in double quotes may
///   hold ` #` too: `/x/ "C# mail # 2"`.
/// - Blank lines and lines whose first non-blank byte is `#` are ignored; CRLF line
///   ends are accepted.
///
/// The parser collects every problem of the file instead of stopping at the first.
public enum RuleParser {
  /// Parses `source` (the contents of `file`) into rules and diagnostics.
  ///
  /// Diagnostics hold errors (the rule is left out) and portability warnings (the rule
  /// is kept). Regexes are translated here but compiled by `RuleList`.
  public static func parse(_ source: [UInt8], file: String) -> (
    rules: [Rule], diagnostics: [Diagnostic]
  ) {
    var rules: [Rule] = []
    var diagnostics: [Diagnostic] = []
    var lineNumber = 0
    var lineStart = 0
    while lineStart < source.count {
      lineNumber += 1
      var lineEnd = source[lineStart...].firstIndex(of: 0x0A) ?? source.count
      let next = lineEnd + 1
      if lineEnd > lineStart, source[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      let line = Array(source[lineStart..<lineEnd])
      switch parseLine(line, at: lineNumber, file: file) {
      case .none: break
      case .rule(let rule, let warnings):
        rules.append(rule)
        diagnostics += warnings
      case .error(let diagnostic): diagnostics.append(diagnostic)
      }
      lineStart = next
    }
    return (rules, diagnostics)
  }

  enum LineResult {
    case none
    case rule(Rule, warnings: [Diagnostic])
    case error(Diagnostic)
  }

  static func parseLine(_ line: [UInt8], at lineNumber: Int, file: String) -> LineResult {
    func location(_ index: Int) -> SourceLocation {
      SourceLocation(file: file, line: lineNumber, column: index + 1)
    }
    guard let first = line.firstIndex(where: { !isBlank($0) }) else { return .none }
    if line[first] == UInt8(ascii: "#") { return .none }
    guard line[first] == UInt8(ascii: "/") else {
      return .error(
        Diagnostic(
          .error, at: location(first),
          "expected a rule '/REGEX/ LABEL' (or a '#' comment); this line starts with '\(TerminalSafe.escape([line[first]]))'",
          check: .syntax))
    }
    // The regex ends at the first '/' that no backslash escapes.
    var index = first + 1
    var closing: Int?
    while index < line.count {
      if line[index] == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if line[index] == UInt8(ascii: "/") {
        closing = index
        break
      }
      index += 1
    }
    guard let closing else {
      return .error(
        Diagnostic(
          .error, at: location(first),
          "unterminated regex: close it with '/' (a rule is /REGEX/ LABEL; write \\/ for a slash inside)",
          check: .syntax))
    }
    let regexSource = Array(line[(first + 1)..<closing])
    let labelPart: (label: String, comment: String?)
    switch parseLabel(line, from: closing + 1) {
    case .success(let parsed): labelPart = parsed
    case .failure(let quote):
      return .error(
        Diagnostic(
          .error, at: location(quote.index), "unterminated quoted label: close it with '\"'",
          check: .syntax))
    }
    guard !labelPart.label.isEmpty else {
      return .error(
        Diagnostic(
          .error, at: location(closing + 1),
          "missing label after /REGEX/: name the software, e.g. /Sendmail/ sendmail",
          check: .syntax))
    }
    let translation: AwkRegexTranslator.Translation
    do {
      translation = try AwkRegexTranslator.translate(regexSource)
    } catch {
      return .error(
        Diagnostic(.error, at: location(first + 1 + error.offset), error.message, check: .syntax))
    }
    let rule = Rule(
      location: location(first), regexSource: regexSource, label: labelPart.label,
      comment: labelPart.comment, translation: translation)
    let warnings = translation.portabilityNotes.map {
      Diagnostic(.warning, at: location(first + 1 + $0.offset), $0.message, check: .portability)
    }
    return .rule(rule, warnings: warnings)
  }

  /// The label and comment after the closing slash; failure names the index of an
  /// opening quote that is never closed.
  static func parseLabel(_ line: [UInt8], from start: Int) -> Result<
    (label: String, comment: String?), UnterminatedQuoteIndex
  > {
    var index = start
    while index < line.count, isBlank(line[index]) { index += 1 }
    var label: [UInt8] = []
    if index < line.count, line[index] == UInt8(ascii: "\"") {
      let quote = index
      index += 1
      var closed = false
      while index < line.count {
        let byte = line[index]
        if byte == UInt8(ascii: "\\"), index + 1 < line.count {
          label.append(line[index + 1])
          index += 2
          continue
        }
        if byte == UInt8(ascii: "\"") {
          closed = true
          index += 1
          break
        }
        label.append(byte)
        index += 1
      }
      guard closed else { return .failure(UnterminatedQuoteIndex(quote)) }
      while index < line.count, isBlank(line[index]) { index += 1 }
      let comment = index < line.count ? commentText(line[index...]) : nil
      return .success((String(decoding: label, as: UTF8.self), comment))
    }
    // An unquoted label runs to a '#' that starts a word (or to the end of the line).
    var commentStart: Int?
    var scan = index
    while scan < line.count {
      if line[scan] == UInt8(ascii: "#"), scan == index || isBlank(line[scan - 1]) {
        commentStart = scan
        break
      }
      scan += 1
    }
    label = Array(line[index..<(commentStart ?? line.count)])
    while let last = label.last, isBlank(last) { label.removeLast() }
    return .success(
      (String(decoding: label, as: UTF8.self), commentStart.map { commentText(line[$0...]) }))
  }

  static func commentText(_ bytes: ArraySlice<UInt8>) -> String {
    var text = bytes.drop { $0 == UInt8(ascii: "#") }
    while let first = text.first, isBlank(first) { text = text.dropFirst() }
    return String(decoding: text, as: UTF8.self)
  }

  static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

struct UnterminatedQuoteIndex: Error {
  var index: Int
  init(_ index: Int) { self.index = index }
}
