/// A strict parser for the one JSON shape a corpus line has: an object whose members we
/// read as strings, integers, booleans or null (nested values are checked and skipped).
///
/// Hand-written rather than Foundation's decoder because it is the hot path of every
/// command on a million-record corpus, and because we want the bytes of strings exactly
/// (`\u00e9` becomes UTF-8 `C3 A9`; a lone surrogate is an error, not U+FFFD).
struct JSONObjectParser {
  enum Value: Equatable {
    case string([UInt8])
    case number([UInt8])
    case bool(Bool)
    case null
    case nested
  }

  struct Failure: Error {
    /// 0-based byte offset in the line.
    var offset: Int
    var message: String
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  /// Parses `line` as one JSON object, calling `visit` with each member in order (no
  /// array of members is built: this runs once per corpus line).
  static func parse(
    _ line: UnsafeBufferPointer<UInt8>, _ visit: (_ key: [UInt8], _ value: Value) -> Void
  ) throws(Failure) {
    var parser = JSONObjectParser(bytes: line)
    try parser.object(visit)
  }

  private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  private mutating func object(_ visit: (_ key: [UInt8], _ value: Value) -> Void) throws(Failure) {
    skipWhitespace()
    guard peek() == UInt8(ascii: "{") else { throw fail("expected a JSON object '{...}'") }
    index += 1
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      index += 1
    } else {
      while true {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else {
          throw fail("expected a member name in double quotes")
        }
        let key = try string()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
        index += 1
        visit(key, try value(depth: 0))
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard peek() == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        index += 1
        break
      }
    }
    skipWhitespace()
    guard index == bytes.count else { throw fail("unexpected text after the JSON object") }
  }

  private mutating func value(depth: Int) throws(Failure) -> Value {
    skipWhitespace()
    guard let byte = peek() else { throw fail("expected a value, found the end of the line") }
    switch byte {
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < 64 else { throw fail("JSON nested too deeply") }
      try skipContainer(depth: depth)
      return .nested
    default: throw fail("expected a JSON value")
    }
  }

  private mutating func skipContainer(depth: Int) throws(Failure) {
    let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
    let isObject = close == UInt8(ascii: "}")
    index += 1
    skipWhitespace()
    if peek() == close {
      index += 1
      return
    }
    while true {
      skipWhitespace()
      if isObject {
        guard peek() == UInt8(ascii: "\"") else {
          throw fail("expected a member name in double quotes")
        }
        _ = try string()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
        index += 1
      }
      _ = try value(depth: depth + 1)
      skipWhitespace()
      if peek() == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard peek() == close else {
        throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
      }
      index += 1
      return
    }
  }

  private mutating func literal(_ word: String) throws(Failure) {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      zip(bytes[index..<(index + expected.count)], expected).allSatisfy({ $0 == $1 })
    else { throw fail("expected a JSON value") }
    index += expected.count
  }

  private mutating func number() throws(Failure) -> [UInt8] {
    let start = index
    if peek() == UInt8(ascii: "-") { index += 1 }
    guard let first = peek(), isDigit(first) else { throw fail("invalid number") }
    if first == UInt8(ascii: "0") {
      index += 1
    } else {
      while let d = peek(), isDigit(d) { index += 1 }
    }
    if peek() == UInt8(ascii: ".") {
      index += 1
      guard let d = peek(), isDigit(d) else { throw fail("invalid number") }
      while let d = peek(), isDigit(d) { index += 1 }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      index += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
      guard let d = peek(), isDigit(d) else { throw fail("invalid number") }
      while let d = peek(), isDigit(d) { index += 1 }
    }
    return Array(bytes[start..<index])
  }

  /// A JSON string at `index` (on its opening quote), decoded to bytes.
  private mutating func string() throws(Failure) -> [UInt8] {
    let open = index
    index += 1
    var out: [UInt8] = []
    var runStart = index
    var sawNonASCII = false
    while true {
      // The common case: a run of plain bytes, copied in one go at the next quote or
      // backslash.
      // Locals and a raw pointer, so the loop keeps everything in registers.
      var scan = index
      var highBits: UInt8 = 0
      let count = bytes.count
      if let base = bytes.baseAddress {
        // Eight bytes at a time while none of them is special (SWAR); the byte loop
        // below finds the exact position in the word that has one.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var wordBits: UInt64 = 0
        while scan &+ 8 <= count {
          let word = UnsafeRawPointer(base + scan).loadUnaligned(as: UInt64.self)
          let quote = word ^ (ones &* 0x22)
          let backslash = word ^ (ones &* 0x5C)
          let special =
            ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            | ((word &- ones &* 0x20) & ~word)
          if special & highs != 0 { break }
          wordBits |= word
          scan &+= 8
        }
        if wordBits & highs != 0 { highBits = 0x80 }
        while scan < count {
          let byte = base[scan]
          if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
          highBits |= byte
          scan &+= 1
        }
      }
      index = scan
      sawNonASCII = sawNonASCII || highBits >= 0x80
      guard index < bytes.count else {
        index = open
        throw fail("unterminated string")
      }
      let byte = bytes[index]
      let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
      if byte == UInt8(ascii: "\"") && out.isEmpty {
        // No escape at all: one exact allocation.
        out = Array(run)
        index += 1
        break
      }
      if out.isEmpty { out.reserveCapacity(bytes.count - runStart) }
      out.append(contentsOf: run)
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if byte < 0x20 { throw fail("control byte 0x\(hex(byte)) inside a string must be escaped") }
      try escape(into: &out)
      sawNonASCII = sawNonASCII || out.last.map { $0 >= 0x80 } ?? false
      runStart = index
    }
    // Escapes produce valid UTF-8 by construction; raw bytes >= 0x80 need checking.
    guard !sawNonASCII || UTF8Validation.isValid(out) else {
      index = open
      throw fail("string is not valid UTF-8 (store non-UTF-8 banners base64-encoded in banner_b64)")
    }
    return out
  }

  /// Decodes the escape at `index` (its backslash) into `out` and moves past it.
  private mutating func escape(into out: inout [UInt8]) throws(Failure) {
    do throws(JSONEscape.Failure) {
      index = try JSONEscape.decode(bytes, at: index, into: &out)
    } catch {
      throw Failure(offset: error.offset, message: error.message)
    }
  }

  private mutating func skipWhitespace() {
    while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
      index += 1
    }
  }

  private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
  private func fail(_ message: String) -> Failure { Failure(offset: index, message: message) }
  private func hex(_ byte: UInt8) -> String {
    String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
  }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}
