/// The corpus line that `banners record` writes, parsed in one pass without building a
/// member list: keys are compared in place, the banner is unescaped straight into its
/// array, and the other strings become `String`s without an intermediate copy.
///
///     {"addr":"192.0.2.7","port":25,"time":"1998-05-11T03:10:02Z","outcome":"ok","banner":"220 ...\r\n"}
///
/// It accepts only the plain shape: no whitespace outside strings, known members at most
/// once each, `addr`, `time` and `outcome` without escapes, a `port` of digits, unknown
/// members with a simple value (an ASCII string, a number, `true`, `false`, `null`).
/// Anything else (`banner_b64`, `null` members, nested values, a surrogate escape, an
/// error of any kind) returns nil, and the caller runs the full parser
/// (`CorpusReader.fullRecord(fromJSON:at:)`), which decides and names the error. So the
/// fast path never has to agree on an error message, only on the records it accepts:
/// `JSONRecordFastPathTests` checks it against the full parser on mutated lines.
///
/// Why unsafe pointers: this runs once per corpus line and is most of the parsing time
/// of every command; reading through a raw base pointer with explicit bounds checks
/// (every read below is guarded by `index < count`) keeps the loop free of the
/// collection machinery, and words are loaded eight bytes at a time (SWAR).
enum JSONRecordFastPath {
  /// The record on `line`, or nil when the line is not of the plain shape (or not valid).
  static func record(_ line: UnsafeBufferPointer<UInt8>, at location: SourceLocation)
    -> CorpusRecord?
  {
    guard let base = line.baseAddress else { return nil }
    var cursor = Cursor(base: base, count: line.count)
    return cursor.record(at: location)
  }

  /// What matching and per-record output need of a plain record: whether its outcome
  /// is `ok`, the outcome's bytes, the banner's bytes (unescaped), the address's bytes
  /// and the port, valid while the line and the scratch memory are.
  struct OutcomeAndBanner {
    var isOK: Bool
    var outcome: UnsafeBufferPointer<UInt8>
    var banner: UnsafeBufferPointer<UInt8>?
    /// `addr`'s bytes (valid UTF-8) and `port`, for per-record output's identities.
    var address: UnsafeBufferPointer<UInt8>?
    var port: Int?
  }

  /// The outcome and banner of the record on `line`, without building the record: nil
  /// exactly where `record(_:at:)` is nil, and otherwise its outcome and banner. The
  /// banner is unescaped into `scratch`, which must have room for `line.count` bytes;
  /// nothing is allocated.
  static func outcomeAndBanner(
    _ line: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>
  ) -> OutcomeAndBanner? {
    guard let base = line.baseAddress, let target = scratch.baseAddress,
      scratch.count >= line.count
    else { return nil }
    var cursor = Cursor(base: base, count: line.count)
    return cursor.outcomeAndBanner(scratch: target)
  }
}

/// What a pass over a line keeps of each member it reads (`Cursor.members(into:)`).
private protocol MemberFields {
  /// Reads `member`'s value at the cursor; false when it is not plain (or not valid).
  mutating func read(_ member: Member, from cursor: inout Cursor) -> Bool
}

/// Every member, for a `CorpusRecord`.
private struct RecordFields: MemberFields {
  var address: String?
  var port: Int?
  var time: InlineText?
  var outcome: Outcome?
  var banner: [UInt8]?

  mutating func read(_ member: Member, from cursor: inout Cursor) -> Bool {
    switch member {
    case .addr:
      address = cursor.plainString()
      return address != nil
    case .port:
      port = cursor.portNumber()
      return port != nil
    case .time:
      guard let text = cursor.plainText() else { return false }
      time = InlineText(validUTF8: text)
    case .outcome:
      guard let text = cursor.plainText(), !text.isEmpty else { return false }
      let isOK = text.count == 2 && text[0] == UInt8(ascii: "o") && text[1] == UInt8(ascii: "k")
      outcome = isOK ? .ok : Outcome(String(decoding: text, as: UTF8.self))
    case .banner:
      banner = cursor.bannerString()
      return banner != nil
    }
    return true
  }
}

/// The outcome's bytes and the banner unescaped into scratch memory; the other members
/// are checked as `RecordFields` reads them, and dropped.
private struct BannerFields: MemberFields {
  let scratch: UnsafeMutablePointer<UInt8>
  var outcomeBytes: UnsafeBufferPointer<UInt8>?
  var bannerLength: Int?
  var address: UnsafeBufferPointer<UInt8>?
  var port: Int?

  init(scratch: UnsafeMutablePointer<UInt8>) { self.scratch = scratch }

  mutating func read(_ member: Member, from cursor: inout Cursor) -> Bool {
    switch member {
    case .addr:
      address = cursor.plainText()
      return address != nil
    case .time: return cursor.plainText() != nil
    case .port:
      port = cursor.portNumber()
      return port != nil
    case .outcome:
      guard let text = cursor.plainText(), !text.isEmpty else { return false }
      outcomeBytes = text
    case .banner:
      bannerLength = cursor.banner(into: scratch)
      return bannerLength != nil
    }
    return true
  }
}

/// The members the fast path knows, as bits of a set (each may occur once).
private enum Member: UInt8 {
  case addr = 1
  case port = 2
  case time = 4
  case outcome = 8
  case banner = 16
}

private struct Cursor {
  let base: UnsafePointer<UInt8>
  let count: Int
  var index = 0

  init(base: UnsafePointer<UInt8>, count: Int) {
    self.base = base
    self.count = count
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  /// The record on the line, or nil.
  mutating func record(at location: SourceLocation) -> CorpusRecord? {
    var fields = RecordFields()
    guard members(into: &fields), let outcome = fields.outcome else { return nil }
    // The check of the full parser after its members; failing it is an error there.
    if outcome == .ok && fields.banner == nil { return nil }
    var record = CorpusRecord(
      address: fields.address, port: fields.port, outcome: outcome, banner: fields.banner,
      source: location)
    record.storedTime = fields.time
    return record
  }

  /// The outcome and banner of the line, or nil; the banner is unescaped into `scratch`.
  mutating func outcomeAndBanner(scratch: UnsafeMutablePointer<UInt8>)
    -> JSONRecordFastPath.OutcomeAndBanner?
  {
    var fields = BannerFields(scratch: scratch)
    guard members(into: &fields), let outcome = fields.outcomeBytes else { return nil }
    let isOK =
      outcome.count == 2 && outcome[0] == UInt8(ascii: "o") && outcome[1] == UInt8(ascii: "k")
    let banner = fields.bannerLength.map { UnsafeBufferPointer(start: scratch, count: $0) }
    if isOK && banner == nil { return nil }
    return JSONRecordFastPath.OutcomeAndBanner(
      isOK: isOK, outcome: outcome, banner: banner, address: fields.address, port: fields.port)
  }

  /// Reads the object's members into `fields`: false when the line is not of the plain
  /// shape (or not valid). Every member is checked as the record path checks it, so a
  /// line passes here exactly when it passes there, whatever `fields` keeps.
  private mutating func members<Fields: MemberFields>(into fields: inout Fields) -> Bool {
    guard count >= 2, base[0] == UInt8(ascii: "{") else { return false }
    index = 1
    var seen: UInt8 = 0
    while true {
      guard let member = key() else { return false }
      if let member {
        guard seen & member.rawValue == 0 else { return false }
        seen |= member.rawValue
        guard fields.read(member, from: &self) else { return false }
      } else {
        guard skipSimpleValue() else { return false }
      }
      guard index < count else { return false }
      if base[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      // The object must end the line: trailing text, even blanks, is the full parser's.
      return base[index] == UInt8(ascii: "}") && index + 1 == count
    }
  }

  /// A member name and its colon: `.some(member)` for a known one, `.some(nil)` for any
  /// other plain ASCII name, nil when the text is not that.
  private mutating func key() -> Member?? {
    guard index < count, base[index] == Self.quote else { return nil }
    let start = index + 1
    var end = start
    while end < count, base[end] != Self.quote {
      let byte = base[end]
      guard byte >= 0x20, byte < 0x80, byte != Self.backslash else { return nil }
      end += 1
    }
    guard end + 1 < count, base[end + 1] == UInt8(ascii: ":") else { return nil }
    index = end + 2
    // Names compared four bytes at a time (a 6 or 7 byte name as two overlapping words);
    // every word read lies between the quotes.
    switch end - start {
    case 4:
      switch word(at: start) {
      case Self.addr: return .some(.addr)
      case Self.port: return .some(.port)
      case Self.time: return .some(.time)
      default: break
      }
    case 6:
      if word(at: start) == Self.bann, word(at: start + 2) == Self.nner { return .some(.banner) }
    case 7:
      if word(at: start) == Self.outc, word(at: start + 3) == Self.come { return .some(.outcome) }
    case 10: if matches(start, "banner_b64") { return nil }  // the full parser decodes it
    default: break
    }
    return .some(nil)
  }

  private func word(at offset: Int) -> UInt32 {
    UnsafeRawPointer(base + offset).loadUnaligned(as: UInt32.self)
  }

  /// Four bytes of a name as `word(at:)` reads them from the line.
  private static func word(_ name: StaticString, at offset: Int = 0) -> UInt32 {
    name.withUTF8Buffer {
      UnsafeRawPointer($0.baseAddress! + offset).loadUnaligned(as: UInt32.self)
    }
  }

  private static let addr = word("addr")
  private static let port = word("port")
  private static let time = word("time")
  private static let bann = word("banner")
  private static let nner = word("banner", at: 2)
  private static let outc = word("outcome")
  private static let come = word("outcome", at: 3)

  private func matches(_ start: Int, _ name: StaticString) -> Bool {
    name.withUTF8Buffer { name in
      for offset in 0..<name.count where base[start + offset] != name[offset] { return false }
      return true
    }
  }

  /// Index of the first byte at or after `from` that ends a plain run in a string: a
  /// quote, a backslash, or a control byte below 0x20; `count` when there is none.
  /// `highBits` collects (at least) the bytes passed, so the caller knows whether any
  /// is >= 0x80 (bytes past the run may be counted too: that costs only a UTF-8 check).
  private func plainRunEnd(from: Int, highBits: inout UInt64) -> Int {
    var scan = from
    while scan &+ 8 <= count {
      let word = UInt64(littleEndian: UnsafeRawPointer(base + scan).loadUnaligned(as: UInt64.self))
      highBits |= word
      let special = Self.specialBytes(word)
      if special != 0 { return scan &+ special.trailingZeroBitCount &>> 3 }
      scan &+= 8
    }
    while scan < count {
      let byte = base[scan]
      if byte == Self.quote || byte == Self.backslash || byte < 0x20 { break }
      highBits |= UInt64(byte)
      scan &+= 1
    }
    return scan
  }

  /// The high bit of each byte of `word` (little-endian) that is a quote, a backslash or
  /// below 0x20, and maybe of bytes after the first such byte, never before it: the
  /// lowest set bit is exact (SWAR: a subtraction borrows only out of a matching byte,
  /// so a false mark can only sit above a true one).
  private static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    return
      (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
      | ((word &- ones &* 0x20) & ~word)) & 0x8080_8080_8080_8080
  }

  /// A string without escapes (`addr`, `time`, `outcome`), as a `String`; nil when it
  /// has an escape, a control byte or invalid UTF-8, or is not a string.
  mutating func plainString() -> String? {
    plainText().map { String(decoding: $0, as: UTF8.self) }
  }

  /// The bytes of a string without escapes, checked to be valid UTF-8; nil as for
  /// `plainString`.
  mutating func plainText() -> UnsafeBufferPointer<UInt8>? {
    guard index < count, base[index] == Self.quote else { return nil }
    var highBits: UInt64 = 0
    let start = index + 1
    let end = plainRunEnd(from: start, highBits: &highBits)
    guard end < count, base[end] == Self.quote else { return nil }
    let bytes = UnsafeBufferPointer(start: base + start, count: end - start)
    guard highBits & 0x8080_8080_8080_8080 == 0 || UTF8Validation.isValid(bytes) else {
      return nil
    }
    index = end + 1
    return bytes
  }

  /// `port`: a JSON integer without sign, fraction or exponent, 0...65535.
  mutating func portNumber() -> Int? {
    var value = 0
    let start = index
    while index < count, base[index] >= UInt8(ascii: "0"), base[index] <= UInt8(ascii: "9") {
      value = value * 10 + Int(base[index] - UInt8(ascii: "0"))
      index += 1
      guard index - start <= 5 else { return nil }
    }
    let digits = index - start
    guard digits > 0, value <= 65535 else { return nil }
    // JSON has no leading zeros; the full parser rejects `025`.
    guard digits == 1 || base[start] != UInt8(ascii: "0") else { return nil }
    // A fraction or exponent makes it no integer: the full parser's error.
    guard index < count, base[index] != UInt8(ascii: "."), base[index] | 0x20 != UInt8(ascii: "e")
    else { return nil }
    return value
  }

  /// The banner string unescaped into an array allocated once (at most the rest of the
  /// line long: an escape is never shorter than what it stands for).
  mutating func bannerString() -> [UInt8]? {
    guard index < count else { return nil }
    var length: Int?
    let bytes = [UInt8](unsafeUninitializedCapacity: count - index) { out, written in
      guard let target = out.baseAddress else { return }
      length = banner(into: target)
      written = length ?? 0
    }
    return length == nil ? nil : bytes
  }

  /// The banner string unescaped into `target`, which has room for the rest of the line
  /// (`count - index` bytes); its length, or nil when it is not a valid string.
  ///
  /// Plain bytes are copied a word at a time, each word stored whole before the count
  /// moves to its first special byte: the output never runs ahead of the input
  /// (`written <= scan - start`), so a word stored at `written` with `scan + 8 <=
  /// count` stays inside the room; the bytes past `written` are overwritten or left
  /// outside the result.
  mutating func banner(into target: UnsafeMutablePointer<UInt8>) -> Int? {
    guard index < count, base[index] == Self.quote else { return nil }
    let start = index + 1
    var scan = start
    var written = 0
    var highBits: UInt64 = 0
    while true {
      while scan &+ 8 <= count {
        let raw = UnsafeRawPointer(base + scan).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(target + written).storeBytes(of: raw, as: UInt64.self)
        let word = UInt64(littleEndian: raw)
        highBits |= word
        let special = Self.specialBytes(word)
        if special != 0 {
          let plain = special.trailingZeroBitCount &>> 3
          scan &+= plain
          written &+= plain
          break
        }
        scan &+= 8
        written &+= 8
      }
      while scan < count {
        let byte = base[scan]
        if byte == Self.quote || byte == Self.backslash || byte < 0x20 { break }
        highBits |= UInt64(byte)
        target[written] = byte
        scan &+= 1
        written &+= 1
      }
      // A raw control byte, a backslash that ends the line or a bad escape: invalid.
      guard scan < count else { return nil }
      if base[scan] == Self.quote {
        scan += 1
        break
      }
      guard base[scan] == Self.backslash, scan + 1 < count else { return nil }
      // The escapes banners are full of (CR, LF, tab) here; the others in `unescape`.
      let plain: UInt8
      switch base[scan + 1] {
      case UInt8(ascii: "r"): plain = 0x0D
      case UInt8(ascii: "n"): plain = 0x0A
      case UInt8(ascii: "t"): plain = 0x09
      default:
        guard let next = unescape(at: scan + 1, into: target + written) else { return nil }
        written += next.length
        scan = next.resume
        continue
      }
      target[written] = plain
      written += 1
      scan += 2
    }
    index = scan
    // Escapes write whole UTF-8 sequences; raw bytes >= 0x80 need the check (on the
    // whole result, as the full parser does: a raw lead byte before an escape is invalid).
    guard
      highBits & 0x8080_8080_8080_8080 == 0
        || UTF8Validation.isValid(UnsafeBufferPointer(start: target, count: written))
    else { return nil }
    return written
  }

  /// Decodes the escape whose letter is at `at` into `out`: the bytes written and the
  /// index after the escape; nil for an invalid escape or a surrogate (left to the full
  /// parser, which pairs them or names the error).
  private func unescape(at: Int, into out: UnsafeMutablePointer<UInt8>)
    -> (length: Int, resume: Int)?
  {
    let letter = base[at]
    if let byte = JSONEscape.singleByte(for: letter) {
      out[0] = byte
      return (1, at + 1)
    }
    guard letter == UInt8(ascii: "u"),
      let scalar = JSONEscape.hex4(UnsafeBufferPointer(start: base, count: count), at: at + 1)
    else { return nil }
    let resume = at + 5
    switch scalar {
    case 0..<0x80:
      out[0] = UInt8(scalar)
      return (1, resume)
    case 0x80..<0x800:
      out[0] = 0xC0 | UInt8(scalar >> 6)
      out[1] = 0x80 | UInt8(scalar & 0x3F)
      return (2, resume)
    case 0xD800...0xDFFF: return nil
    default:
      out[0] = 0xE0 | UInt8(scalar >> 12)
      out[1] = 0x80 | UInt8(scalar >> 6 & 0x3F)
      out[2] = 0x80 | UInt8(scalar & 0x3F)
      return (3, resume)
    }
  }

  /// Skips the value of a member the fast path does not read: an ASCII string (escapes
  /// skipped, not checked: a bad one sends the line to the full parser), a number,
  /// `true`, `false` or `null`. False for anything else.
  private mutating func skipSimpleValue() -> Bool {
    guard index < count else { return false }
    switch base[index] {
    case Self.quote:
      var scan = index + 1
      while scan < count {
        let byte = base[scan]
        if byte == Self.quote {
          index = scan + 1
          return true
        }
        // Escapes other than the simple ones go to the full parser, which checks them.
        if byte == Self.backslash {
          guard scan + 1 < count, JSONEscape.singleByte(for: base[scan + 1]) != nil else {
            return false
          }
          scan += 2
          continue
        }
        guard byte >= 0x20, byte < 0x80 else { return false }
        scan += 1
      }
      return false
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      // Plain integers only (no sign, fraction or exponent, no leading zero).
      let start = index
      while index < count, base[index] >= UInt8(ascii: "0"), base[index] <= UInt8(ascii: "9") {
        index += 1
      }
      guard index - start == 1 || base[start] != UInt8(ascii: "0") else { return false }
      return index < count && base[index] != UInt8(ascii: ".")
        && base[index] | 0x20 != UInt8(ascii: "e")
    case UInt8(ascii: "t"): return skipWord("true")
    case UInt8(ascii: "f"): return skipWord("false")
    case UInt8(ascii: "n"): return skipWord("null")
    default: return false
    }
  }

  private mutating func skipWord(_ word: StaticString) -> Bool {
    guard index + word.utf8CodeUnitCount <= count, matches(index, word) else { return false }
    index += word.utf8CodeUnitCount
    return true
  }
}
