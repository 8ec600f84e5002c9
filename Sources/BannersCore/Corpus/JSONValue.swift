/// A whole JSON value as a small tree, for the scanner outputs whose banner sits deep
/// inside a record (zgrab2's `data.smtp.result.banner`). The project's own corpus lines
/// keep the flat, faster `JSONObjectParser`.
enum JSONValue: Equatable {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  /// The string's bytes, escapes decoded.
  case string([UInt8])
  case number(String)
  case bool(Bool)
  case null

  static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    case (.array(let a), .array(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.null, .null): true
    default: false
    }
  }

  /// The member `key` of an object (the first, if repeated).
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  var stringBytes: [UInt8]? {
    if case .string(let bytes) = self { return bytes }
    return nil
  }

  var text: String? { stringBytes.map { String(decoding: $0, as: UTF8.self) } }

  /// How `\uXXXX` escapes below U+0100 become bytes (masscan's `.byte`).
  typealias EscapeMeaning = JSONEscape.Meaning

  struct Failure: Error {
    /// 0-based byte offset in the line.
    var offset: Int
    var message: String
  }

  /// Parses `bytes` as exactly one JSON value (surrounding whitespace allowed).
  static func parse<C: Collection>(_ bytes: C, escapes: EscapeMeaning = .unicode) throws(Failure)
    -> JSONValue where C.Element == UInt8
  {
    var reader = Reader(bytes: Array(bytes), escapes: escapes)
    let value = try reader.value(depth: 0)
    reader.skipWhitespace()
    guard reader.index == reader.bytes.count else {
      throw Failure(offset: reader.index, message: "unexpected text after the JSON value")
    }
    return value
  }

  private struct Reader {
    let bytes: [UInt8]
    let escapes: EscapeMeaning
    var index = 0

    init(bytes: [UInt8], escapes: EscapeMeaning) {
      self.bytes = bytes
      self.escapes = escapes
    }

    func fail(_ message: String) -> Failure { Failure(offset: index, message: message) }
    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
        index += 1
      }
    }

    mutating func value(depth: Int) throws(Failure) -> JSONValue {
      skipWhitespace()
      guard depth < 64 else { throw fail("JSON nested too deeply") }
      guard let byte = peek() else { throw fail("expected a value, found the end of the line") }
      switch byte {
      case UInt8(ascii: "{"):
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
          index += 1
          return .object(members)
        }
        while true {
          skipWhitespace()
          guard peek() == UInt8(ascii: "\"") else {
            throw fail("expected a member name in double quotes")
          }
          let key = String(decoding: try string(), as: UTF8.self)
          skipWhitespace()
          guard peek() == UInt8(ascii: ":") else {
            throw fail("expected ':' after the member name")
          }
          index += 1
          members.append((key, try value(depth: depth + 1)))
          skipWhitespace()
          if peek() == UInt8(ascii: ",") {
            index += 1
            continue
          }
          guard peek() == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
          index += 1
          return .object(members)
        }
      case UInt8(ascii: "["):
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
          index += 1
          return .array(items)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipWhitespace()
          if peek() == UInt8(ascii: ",") {
            index += 1
            continue
          }
          guard peek() == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
          index += 1
          return .array(items)
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        let start = index
        index += 1
        while let next = peek(),
          (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
            || [
              UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
              UInt8(ascii: "-"),
            ].contains(next)
        {
          index += 1
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
      default: throw fail("expected a JSON value")
      }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
      let expected = Array(word.utf8)
      guard bytes[index...].starts(with: expected) else { throw fail("expected a JSON value") }
      index += expected.count
      return value
    }

    mutating func string() throws(Failure) -> [UInt8] {
      let open = index
      index += 1
      var out: [UInt8] = []
      while true {
        guard let byte = peek() else {
          index = open
          throw fail("unterminated string")
        }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return out
        case UInt8(ascii: "\\"):
          do throws(JSONEscape.Failure) {
            index = try bytes.withUnsafeBufferPointer { buffer throws(JSONEscape.Failure) in
              try JSONEscape.decode(buffer, at: index - 1, into: &out, meaning: escapes)
            }
          } catch {
            throw Failure(offset: error.offset, message: error.message)
          }
        default:
          if byte < 0x20 {
            index -= 1
            throw fail("control byte inside a string must be escaped")
          }
          out.append(byte)
        }
      }
    }
  }
}
