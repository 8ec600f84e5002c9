// SARIF 2.1.0 (OASIS), the format code-scanning services read: the findings appear on
// the rule file's lines. The members written are those the schema requires (sarifLog:
// version, runs; run: tool; tool: driver; driver: name; result: message; message: text;
// reportingDescriptor: id) and those GitHub code scanning uses to place a result
// (ruleId, level, locations[].physicalLocation.artifactLocation.uri, region).
extension LintPrinter {
  public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

  /// One run with every check as a rule of `tool.driver` and one result a diagnostic.
  /// Locations are file paths as given on the command line, percent-encoded as URI
  /// references; a finding about the whole file has no region. `covered_by` lines are
  /// `relatedLocations`; witness and attack banners go in the result's property bag.
  public static func sarif(_ results: [LintResult], toolVersion: String) -> String {
    let rules = LintCheck.allCases.map { check -> SARIFValue in
      .object([
        ("id", .string(check.rawValue)),
        ("shortDescription", .object([("text", .string(check.summary))])),
        ("defaultConfiguration", .object([("level", .string(check.defaultLevel.rawValue))])),
      ])
    }
    var sarifResults: [SARIFValue] = []
    for result in results {
      for diagnostic in result.diagnostics {
        sarifResults.append(sarifResult(diagnostic))
      }
    }
    let log = SARIFValue.object([
      ("$schema", .string(sarifSchema)),
      ("version", .string("2.1.0")),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", .string("banners")),
                    ("version", .string(toolVersion)),
                    ("rules", .array(rules)),
                  ])
                )
              ])
            ),
            ("results", .array(sarifResults)),
          ])
        ])
      ),
    ])
    return log.rendered(indent: "") + "\n"
  }

  static func sarifResult(_ diagnostic: Diagnostic) -> SARIFValue {
    func location(line: Int, column: Int) -> SARIFValue {
      var physical: [(String, SARIFValue)] = [
        ("artifactLocation", .object([("uri", .string(uriReference(diagnostic.location.file)))]))
      ]
      if line > 0 {
        var region: [(String, SARIFValue)] = [("startLine", .int(line))]
        if column > 0 { region.append(("startColumn", .int(column))) }
        physical.append(("region", .object(region)))
      }
      return .object([("physicalLocation", .object(physical))])
    }
    var members: [(String, SARIFValue)] = []
    if let check = diagnostic.check {
      members.append(("ruleId", .string(check.rawValue)))
      members.append(("ruleIndex", .int(LintCheck.allCases.firstIndex(of: check) ?? 0)))
    }
    members.append(("level", .string(diagnostic.severity.rawValue)))
    members.append(("message", .object([("text", .string(diagnostic.message))])))
    members.append(
      (
        "locations",
        .array([location(line: diagnostic.location.line, column: diagnostic.location.column)])
      ))
    if !diagnostic.coveredBy.isEmpty {
      let related = diagnostic.coveredBy.enumerated().map { index, line -> SARIFValue in
        guard case .object(var members) = location(line: line, column: 0) else {
          preconditionFailure("location(line:column:) builds an object")
        }
        members.insert(("id", .int(index + 1)), at: 0)
        members.append(("message", .object([("text", .string("earlier rule at line \(line)"))])))
        return .object(members)
      }
      members.append(("relatedLocations", .array(related)))
    }
    var properties: [(String, SARIFValue)] = []
    for (name, bytes) in [("witness", diagnostic.witness), ("attack", diagnostic.attack)] {
      guard let bytes else { continue }
      if UTF8Validation.isValid(bytes) {
        properties.append((name, .string(String(decoding: bytes, as: UTF8.self))))
      } else {
        properties.append((name + "_b64", .string(Base64.encode(bytes))))
      }
    }
    if !properties.isEmpty { members.append(("properties", .object(properties))) }
    return .object(members)
  }

  /// A file path as a relative URI reference: unreserved bytes and `/` kept, the rest
  /// percent-encoded (a space is `%20`).
  static func uriReference(_ path: String) -> String {
    var out = ""
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in path.utf8 {
      if byte.isASCIIAlphanumeric || "-._~/".utf8.contains(byte) {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
      }
    }
    return out
  }
}

extension LintCheck {
  /// One line about the check, for SARIF's rule descriptions and `--help`.
  public var summary: String {
    switch self {
    case .syntax: "Not awk, unterminated, PCRE syntax, or a regex PCRE2 cannot compile."
    case .portability: "A construct that gawk, mawk and original-awk read differently."
    case .unreachable: "A rule that can never be the first match (proved on automata)."
    case .overlap: "Two rules with different labels that can both match one banner."
    case .backtracking: "A regex whose backtracking blows up on a checked attack banner."
    case .duplicate: "The same regex twice."
    case .tooGeneral: "A regex that matches every banner, or any banner with a short fragment."
    case .whitespace: "Leading or trailing whitespace in a regex that looks like a mistake."
    case .similarLabel: "Labels that differ only in case, spacing or punctuation."
    }
  }

  /// The severity a check's findings usually have (duplicate with different labels is
  /// an error, undecided questions are notes).
  public var defaultLevel: Diagnostic.Severity {
    switch self {
    case .syntax: .error
    case .overlap: .note
    default: .warning
    }
  }
}

/// A JSON value for SARIF with ordered members, printed with two-space indentation: SARIF is
/// one document, read by people as often as by tools.
enum SARIFValue {
  case string(String)
  case int(Int)
  case array([SARIFValue])
  case object([(String, SARIFValue)])

  func rendered(indent: String) -> String {
    let inner = indent + "  "
    switch self {
    case .string(let text): return JSONText.quote(text)
    case .int(let value): return String(value)
    case .array(let items):
      guard !items.isEmpty else { return "[]" }
      return "[\n"
        + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n")
        + "\n\(indent)]"
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      return "{\n"
        + members.map { inner + JSONText.quote($0.0) + ": " + $0.1.rendered(indent: inner) }
        .joined(separator: ",\n") + "\n\(indent)}"
    }
  }
}
