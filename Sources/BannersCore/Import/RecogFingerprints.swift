/// The fingerprints of one Recog XML file, as Rapid7 publishes them:
///
///     <fingerprints matches="smtp.banner" protocol="smtp">
///       <fingerprint pattern="^([^ ]+) ESMTP Postfix" flags="REG_ICASE">
///         <description>Postfix</description>
///         <example host.name="mx.example.com">mx.example.com ESMTP Postfix</example>
///         <param pos="0" name="service.vendor" value="Postfix"/>
///         <param pos="1" name="host.name"/>
///       </fingerprint>
///     </fingerprints>
///
/// Regexes are Ruby's; `flags` is a comma-separated list of `REG_ICASE` / `IGNORECASE`
/// (case-insensitive) and `REG_DOT_NEWLINE` / `REG_LINE_ANY_CRLF` / `REG_MULTILINE`
/// (Ruby's `m`: `.` matches a newline), as Recog's RegexpFactory maps them.
public struct RecogFingerprints: Sendable {
  public struct Param: Sendable {
    /// 0 for a fixed value, n for capture group n.
    public var position: Int
    public var value: String
  }

  public struct Example: Sendable {
    /// The bytes to match (`_encoding="base64"` decoded).
    public var banner: [UInt8]
    public var line: Int
  }

  public struct Fingerprint: Sendable {
    public var pattern: [UInt8]
    public var flags: [String]
    public var description: String
    public var examples: [Example] = []
    public var params: [String: Param] = [:]
    public var line: Int
  }

  /// The `matches` attribute of the root (`smtp.banner`): what the patterns are run on.
  public var matchKey: String?
  public var fingerprints: [Fingerprint] = []

  /// Parses the file's bytes with a real XML parser (libxml2's, `LibXML2SAX`), so
  /// entities, CDATA and encodings are read as XML defines them.
  ///
  /// - Throws: `InputError` at the parser's `file:line:col` for XML that is not well
  ///   formed, or an example whose base64 does not decode.
  public init(parsing bytes: [UInt8], file: String) throws(InputError) {
    let reader = Reader(file: file)
    let failure = LibXML2SAX.parse(bytes, handler: reader)
    var errors = reader.errors
    if let failure {
      errors.append(
        Diagnostic(
          .error, at: SourceLocation(file: file, line: failure.line, column: failure.column),
          "not a Recog XML file: \(Self.xmlErrorText(failure.code))"))
    }
    guard errors.isEmpty else { throw InputError(errors) }
    matchKey = reader.matchKey
    fingerprints = reader.fingerprints
  }

  /// libxml2's words for its commonest errors (its own messages name its internals).
  static func xmlErrorText(_ code: Int) -> String {
    let known: [Int: String] = [
      4: "the document is empty", 5: "extra content at the end of the document",
      23: "an entity reference is not terminated by ';'", 26: "undefined entity",
      38: "unescaped '<' in an attribute value", 39: "attribute without a value",
      41: "attribute without a value", 65: "space required between attributes",
      68: "invalid element name", 73: "expected '>'", 76: "opening and closing tags do not match",
      77: "premature end of data in a tag",
    ]
    return (known[code] ?? "XML error") + " (libxml2 error \(code))"
  }

  /// The SAX handler: builds fingerprints as elements open and close.
  private final class Reader: XMLEventHandler {
    let file: String
    var matchKey: String?
    var fingerprints: [Fingerprint] = []
    var errors: [Diagnostic] = []
    var current: Fingerprint?
    var text: [UInt8] = []
    var exampleAttributes: [String: String] = [:]
    var exampleLine = 0

    init(file: String) { self.file = file }

    func startElement(_ element: String, attributes: [String: String], line: Int) {
      text = []
      switch element {
      case "fingerprints": matchKey = attributes["matches"]
      case "fingerprint":
        current = Fingerprint(
          pattern: Array((attributes["pattern"] ?? "").utf8),
          flags: (attributes["flags"] ?? "").split(separator: ",").map(trimmingBlanks)
            .filter { !$0.isEmpty },
          description: "", line: line)
      case "example":
        exampleAttributes = attributes
        exampleLine = line
      case "param":
        guard let name = attributes["name"] else { return }
        current?.params[name] = Param(
          position: Int(attributes["pos"] ?? "0") ?? 0, value: attributes["value"] ?? "")
      default: break
      }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

    func endElement(_ element: String) {
      switch element {
      case "fingerprint":
        if let current { fingerprints.append(current) }
        current = nil
      case "description":
        current?.description = String(decoding: text, as: UTF8.self)
      case "example":
        var banner = text
        if exampleAttributes["_encoding"] == "base64" {
          // Ruby's unpack1('m*') skips whitespace between base64 groups.
          let compact = banner.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
          guard let decoded = Base64.decode(compact) else {
            errors.append(
              Diagnostic(
                .error, at: SourceLocation(file: file, line: exampleLine),
                "example with _encoding=\"base64\" is not valid base64"))
            return
          }
          banner = decoded
        }
        if exampleAttributes["_filename"] != nil {
          // The bytes live in another file of Recog's tree; only its name is here.
          return
        }
        current?.examples.append(Example(banner: banner, line: exampleLine))
      default: break
      }
      text = []
    }
  }
}

/// `flag` without the blanks around it: Unicode's space separators and tabs, what
/// Foundation's `trimmingCharacters(in: .whitespaces)` took off before.
private func trimmingBlanks(_ flag: Substring) -> String {
  func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
  }
  let scalars = flag.unicodeScalars
  guard let first = scalars.firstIndex(where: { !isBlank($0) }),
    let last = scalars.lastIndex(where: { !isBlank($0) })
  else { return "" }
  return String(scalars[first...last])
}
