/// One object of the flat JSON Lines that `banners merge` reads back (`report --partial`
/// and `report --check` outputs): its members by name, and the line it came from.
///
///     {"type":"shape","count":12,"shape":"220 \u0000\u0001 ESMTP Postfix\r\n"}
///     // object.text("type") == "shape", object.count("count") == 12
///
/// Flat on purpose: every member is a string, a non-negative integer or a boolean, so
/// the strict corpus parser (`JSONObjectParser`) reads it, bytes exact.
struct FlatJSONObject {
  var location: SourceLocation
  var members: [String: JSONObjectParser.Value]

  /// The `type` member.
  var type: String? { text("type") }

  /// A string member, as text.
  func text(_ key: String) -> String? {
    if case .string(let bytes)? = members[key] { return String(decoding: bytes, as: UTF8.self) }
    return nil
  }

  /// An integer member of 0 or more.
  func count(_ key: String) -> Int? {
    guard case .number(let digits)? = members[key],
      digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return Int(String(decoding: digits, as: UTF8.self))
  }

  /// The name of a member that is a count past `CountLimit.maximum`, if any: no count
  /// a merge adds up (of a body object, or a check's header) may be that large.
  var memberPastCountLimit: String? {
    members.filter { CountLimit.isPast($0.value) }.keys.min()
  }

  /// An error at this object's line for a member past `CountLimit.maximum`.
  func pastCountLimit(_ key: String) -> Diagnostic {
    Diagnostic(.error, at: location, "\"\(key)\" is a count \(CountLimit.past)")
  }

  /// A boolean member.
  func flag(_ key: String) -> Bool? {
    if case .bool(let value)? = members[key] { return value }
    return nil
  }

  /// Bytes written by `JSONText.bannerMember`: `name` (UTF-8 text) or `name_b64`.
  func bytes(_ name: String) -> [UInt8]? {
    if case .string(let bytes)? = members[name] { return bytes }
    if case .string(let text)? = members[name + "_b64"] { return Base64.decode(text) }
    return nil
  }

  /// Errors a merge reports per file before it stops reading it: a file that is all
  /// errors (a corpus given instead of a tally, garbage) must not fill memory and the
  /// terminal with one error per line.
  static let errorLimit = 20

  /// True, after adding a note that reading `file` stopped, when `errors` holds
  /// `errorLimit` errors since `start`.
  static func stopsReading(_ file: String, _ errors: inout [Diagnostic], since start: Int = 0)
    -> Bool
  {
    guard errors.count - start >= errorLimit else { return false }
    errors.append(
      Diagnostic(
        .note, at: SourceLocation(file: file, line: 0),
        "stopped reading after \(errorLimit) errors: is it an output of 'classify --tally --json', 'report --partial' or 'report --check'?"
      ))
    return true
  }

  /// The members of one JSON Lines object, by name (the last of a repeated name).
  static func members<Line: Collection<UInt8>>(of line: Line) throws(JSONObjectParser.Failure)
    -> [String: JSONObjectParser.Value]
  {
    try Array(line).withUnsafeBufferPointer { buffer throws(JSONObjectParser.Failure) in
      try members(in: buffer)
    }
  }

  /// `members(of:)` for a line in a reader's buffer.
  static func members(in line: UnsafeBufferPointer<UInt8>) throws(JSONObjectParser.Failure)
    -> [String: JSONObjectParser.Value]
  {
    var members: [String: JSONObjectParser.Value] = [:]
    try JSONObjectParser.parse(line) { key, value in
      members[String(decoding: key, as: UTF8.self)] = value
    }
    return members
  }

  /// An error at `line` of `file` for a line that is not a JSON object (at its column).
  static func notJSON(_ failure: JSONObjectParser.Failure, file: String, line: Int) -> Diagnostic {
    Diagnostic(
      .error, at: SourceLocation(file: file, line: line, column: failure.offset + 1),
      "not JSON: \(failure.message)")
  }

  /// The objects of `bytes`, one per non-blank line; a line that is not a JSON object is
  /// added to `errors` (naming `file` and the line) and left out. Reading stops at
  /// `errorLimit` errors. (A merge reads its inputs object by object instead:
  /// `ReportMerge.add(_:)`.)
  static func lines(of bytes: [UInt8], file: String, errors: inout [Diagnostic])
    -> [FlatJSONObject]
  {
    var objects: [FlatJSONObject] = []
    var input = MergeInput(bytes: bytes, file: file)
    let start = errors.count
    while let line = try? input.next() {
      if stopsReading(file, &errors, since: start) { break }
      switch line.members {
      case .success(let members):
        objects.append(
          FlatJSONObject(location: SourceLocation(file: file, line: line.number), members: members))
      case .failure(let failure):
        errors.append(notJSON(failure, file: file, line: line.number))
      }
    }
    return objects
  }
}
