/// The shape of a banner: its bytes with the parts that differ from host to host (host
/// names, addresses, dates and times, numbers and versions, hex ids) replaced by fields,
/// so that 400 Postfix greetings from 400 hosts have one shape.
///
///     220 mail.lindenhof.example.net ESMTP Postfix 2.1; Mon, 11 May 1998 05:10:06 +0200\r\n
///     // 220 <host> ESMTP Postfix <n>; <date>\r\n
///
/// Every literal part of a shape is a verbatim substring of every banner of that shape:
/// fields only replace whole byte ranges and the bytes between them are kept as they
/// were. That is what lets a suggested rule built from a literal part claim the whole
/// group.
public struct ResidueShape: Hashable, Sendable {
  /// What a field stands for.
  public enum Field: String, Hashable, Sendable, CaseIterable {
    case host
    case ip
    case date
    case number = "n"
    case hex
  }

  public enum Part: Hashable, Sendable {
    case literal([UInt8])
    case field(Field)
  }

  /// The shape encoded in one byte string, so that grouping hashes contiguous bytes:
  /// literal bytes as themselves (0x00 doubled), a field as 0x00 and its code (1...5).
  let key: [UInt8]

  /// The shape of `banner`.
  ///
  /// - Complexity: O(banner length), two allocations.
  public init<C: Collection>(of banner: C) where C.Element == UInt8 {
    let bytes = Array(banner)
    var spans: [Span] = []
    func addLiteral(_ range: Range<Int>) {
      guard !range.isEmpty else { return }
      if let last = spans.last, last.field == nil, last.range.upperBound == range.lowerBound {
        spans[spans.count - 1].range = last.range.lowerBound..<range.upperBound
      } else {
        spans.append(Span(field: nil, range: range))
      }
    }
    var index = 0
    while index < bytes.count {
      // A reply code at the start of a line (`220 `, `214-`) is the same for every host.
      if index == 0 || bytes[index - 1] == 0x0A, index + 3 < bytes.count,
        Self.isDigit(bytes[index]), Self.isDigit(bytes[index + 1]), Self.isDigit(bytes[index + 2]),
        bytes[index + 3] == 0x20 || bytes[index + 3] == UInt8(ascii: "-")
      {
        addLiteral(index..<index + 4)
        index += 4
        continue
      }
      // `-0700`, `--`: a leading dash is punctuation, not part of a word.
      guard Self.isWordByte(bytes[index]), bytes[index] != UInt8(ascii: "-") else {
        addLiteral(index..<index + 1)
        index += 1
        continue
      }
      var end = index
      while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
      // A sentence's final dot is not part of a host name or a version.
      var tokenEnd = end
      while tokenEnd > index + 1, bytes[tokenEnd - 1] == UInt8(ascii: ".") { tokenEnd -= 1 }
      if let field = Self.field(of: bytes[index..<tokenEnd]) {
        spans.append(Span(field: field, range: index..<tokenEnd))
        addLiteral(tokenEnd..<end)
      } else {
        addLiteral(index..<end)
      }
      index = end
    }
    Self.mergeDates(&spans, in: bytes)
    var key: [UInt8] = []
    key.reserveCapacity(bytes.count)
    for span in spans {
      if let field = span.field {
        key.append(0)
        key.append(Self.code(of: field))
      } else if !bytes[span.range].contains(0) {
        // The common case, copied whole: this runs for every residue banner, twice in
        // `report` (both passes).
        key.append(contentsOf: bytes[span.range])
      } else {
        for byte in bytes[span.range] {
          key.append(byte)
          if byte == 0 { key.append(0) }
        }
      }
    }
    self.key = key
  }

  /// The shape made of `parts`; adjacent literal parts are joined (so the shape equals
  /// the one a banner of those parts has).
  init(parts: [Part]) {
    var key: [UInt8] = []
    for part in parts {
      switch part {
      case .literal(let bytes):
        for byte in bytes {
          key.append(byte)
          if byte == 0 { key.append(0) }
        }
      case .field(let field): key += [0, Self.code(of: field)]
      }
    }
    self.key = key
  }

  /// The shape whose `key` is `key` (a shape written out by `report --partial`), or nil
  /// when `key` is not one: a 0x00 byte must be doubled or followed by a field's code.
  init?(key: [UInt8]) {
    var index = 0
    while index < key.count {
      if key[index] == 0 {
        guard index + 1 < key.count, key[index + 1] <= UInt8(Field.allCases.count) else {
          return nil
        }
        index += 2
      } else {
        index += 1
      }
    }
    self.key = key
  }

  public static func == (lhs: ResidueShape, rhs: ResidueShape) -> Bool { lhs.key == rhs.key }

  /// A total order for stable output, cheap to compute (no text is built).
  static func precedes(_ lhs: ResidueShape, _ rhs: ResidueShape) -> Bool {
    lhs.key.lexicographicallyPrecedes(rhs.key)
  }

  public func hash(into hasher: inout Hasher) {
    key.withUnsafeBytes { hasher.combine(bytes: $0) }
  }

  /// The parts in order: literal bytes and fields, never two literals in a row.
  public var parts: [Part] {
    var parts: [Part] = []
    var literal: [UInt8] = []
    var index = 0
    while index < key.count {
      if key[index] == 0, index + 1 < key.count, key[index + 1] != 0 {
        if !literal.isEmpty { parts.append(.literal(literal)) }
        literal.removeAll()
        parts.append(.field(Field.allCases[Int(key[index + 1]) - 1]))
      } else {
        literal.append(key[index])
      }
      index += key[index] == 0 ? 2 : 1
    }
    if !literal.isEmpty { parts.append(.literal(literal)) }
    return parts
  }

  /// The shape for people: literal bytes escaped (`TerminalSafe`), fields as `<host>`.
  public var text: String {
    parts.map { part in
      switch part {
      case .literal(let bytes): TerminalSafe.escape(bytes)
      case .field(let field): "<\(field.rawValue)>"
      }
    }.joined()
  }

  /// The literal parts, in order: bytes every banner of this shape contains.
  public var literals: [[UInt8]] {
    parts.compactMap { if case .literal(let bytes) = $0 { bytes } else { nil } }
  }

  /// The field's place in `Field.allCases`, plus one (a switch: `allCases` would build
  /// an array per call).
  private static func code(of field: Field) -> UInt8 {
    switch field {
    case .host: 1
    case .ip: 2
    case .date: 3
    case .number: 4
    case .hex: 5
    }
  }

  /// A run of the banner: literal bytes (`field == nil`) or a field.
  struct Span {
    var field: Field?
    var range: Range<Int>
  }

  // MARK: - Tokens

  static func isWordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
      UInt8(ascii: "_"), 0x80...0xF4:
      // Bytes of UTF-8 sequences are letters of words (`Mär`, `déc.`).
      true
    default: false
    }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }
  private static func isHexLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66
  }

  static func field(of token: ArraySlice<UInt8>) -> Field? {
    var digits = 0
    var letters = 0
    var dots = 0
    for byte in token {
      if isDigit(byte) {
        digits += 1
      } else if isLetter(byte) || byte >= 0x80 {
        letters += 1
      } else if byte == UInt8(ascii: ".") {
        dots += 1
      }
    }
    // Six digits or more: an id (`session 80412233`) as often as a number, and ids are
    // sometimes all digits, sometimes hex (`9f3a1c2b`); one field keeps them one shape.
    if digits == token.count { return token.count >= 6 ? .hex : .number }
    if dots == 3, digits + dots == token.count, labelLengths(token, within: 1...3) { return .ip }
    // Hex ids before versions: `9f3a1c2b` starts with a digit but is no version.
    if dots == 0, token.count >= 8 || (token.count >= 6 && digits > 0),
      token.allSatisfy({ isDigit($0) || isHexLetter($0) })
    {
      return .hex
    }
    if isVersion(token, digits: digits) { return .number }
    // A bare host name by its form: lower-case letters and a number (`mx12`, `gw-3`,
    // `backup18`); products are written otherwise (`Gene6`, `POP3`, `IMAP4rev1`).
    if isBareHostName(token, digits: digits) { return .host }
    // Host names are known by their dots and labels, never by their place: the first
    // word of `220 vsftpd 3.0.3` is the product. A bare name (`220 mailhost ESMTP`)
    // stays literal here; templates (`ResidueTemplate`) treat such a word as optional.
    if isHostName(token, letters: letters, dots: dots) { return .host }
    // Words are looked up packed into an integer: no String per token on the hot path.
    if letters == token.count, let word = packed(token, foldingCase: true), dateWords.contains(word)
    {
      return .date
    }
    if letters == token.count, token.contains(where: { $0 >= 0x80 }),
      localisedDateWords.contains(Array(token).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    {
      return .date
    }
    if letters == token.count, let word = packed(token, foldingCase: false),
      timeZones.contains(word)
    {
      return .date
    }
    // Queue ids and the like: `WAA12345`, `g4B3AbC01234`.
    if token.count >= 8, digits >= 3, letters >= 1, dots == 0 { return .hex }
    return nil
  }

  /// `8.8.8`, `v2.11`, `1.2b3`, `4.1-beta`: starts with a digit (after an optional `v`)
  /// and is mostly digits.
  private static func isVersion(_ token: ArraySlice<UInt8>, digits: Int) -> Bool {
    var rest = token[...]
    if let first = rest.first, first | 0x20 == UInt8(ascii: "v") { rest = rest.dropFirst() }
    guard let first = rest.first, isDigit(first) else { return false }
    return digits * 2 >= rest.count
  }

  private static func isBareHostName(_ token: ArraySlice<UInt8>, digits: Int) -> Bool {
    // A NetBIOS-style name of a Windows host: capitals and a number of two digits or
    // more, or after a dash (`EXCH01`, `SBS2019`, `MX-07`); `POP3`, `IMAP4`, `X2` are not.
    let capitals = token.prefix { $0 >= 0x41 && $0 <= 0x5A }
    if capitals.count >= 2, (1...4).contains(digits) {
      let rest = token.dropFirst(capitals.count)
      let dashed = rest.first == UInt8(ascii: "-")
      let number = dashed ? rest.dropFirst() : rest
      if number.count == digits, number.allSatisfy(isDigit), dashed || digits >= 2 { return true }
    }
    guard (1...3).contains(digits) else { return false }
    let letters = token.prefix { $0 >= 0x61 && $0 <= 0x7A }
    guard letters.count >= 2 else { return false }
    var rest = token.dropFirst(letters.count)
    if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
    guard rest.count == digits, rest.allSatisfy(isDigit) else { return false }
    // `POP3`-like words in lower case (`pop3`, `imap4`) are protocols; `pop-2` is a host.
    return token.dropFirst(letters.count).first == UInt8(ascii: "-")
      || !["pop", "imap", "smtp", "ftp", "ssh", "http", "ipv", "v"].contains {
        letters.elementsEqual($0.utf8)
      }
  }

  /// `mail.example.net`, `mx1.isp.co.uk`: dotted labels of letters, digits and `-`,
  /// with two dots or more, or one dot before a top-level-domain-like last label (so
  /// that `Post.Office` stays literal).
  private static func isHostName(_ token: ArraySlice<UInt8>, letters: Int, dots: Int) -> Bool {
    guard dots >= 1, letters >= 1, labelLengths(token, within: 1...63),
      !token.contains(UInt8(ascii: "_")), !token.contains(where: { $0 >= 0x80 })
    else { return false }
    // A top-level domain starts with a letter: `SSH-1.99-Cisco-1.25` is no host name.
    let last = token[(token.lastIndex(of: UInt8(ascii: "."))! + 1)...]
    guard let initial = last.first, isLetter(initial) else { return false }
    if dots >= 2 { return true }
    if last.count == 2, last.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return true }
    return packed(last, foldingCase: true).map { topLevelDomains.contains($0) } ?? false
  }

  /// Whether every dot-separated label of `token` has a length in `range`.
  private static func labelLengths(_ token: ArraySlice<UInt8>, within range: ClosedRange<Int>)
    -> Bool
  {
    var length = 0
    for byte in token {
      if byte == UInt8(ascii: ".") {
        guard range.contains(length) else { return false }
        length = 0
      } else {
        length += 1
      }
    }
    return range.contains(length)
  }

  /// Up to twelve letters packed five bits each (`a`/`A` = 1), for set lookups; nil for
  /// longer tokens or other bytes. With `foldingCase`, case is ignored; without, only
  /// upper-case tokens pack (time zones are written in capitals).
  static func packed<C: Collection>(_ token: C, foldingCase: Bool) -> UInt64?
  where C.Element == UInt8 {
    guard token.count <= 12 else { return nil }
    var value: UInt64 = 0
    for byte in token {
      let letter: UInt8
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): letter = byte - 0x40
      case UInt8(ascii: "a")...UInt8(ascii: "z") where foldingCase: letter = byte - 0x60
      default: return nil
      }
      value = value << 5 | UInt64(letter)
    }
    return value
  }

  private static func packedSet(foldingCase: Bool, _ words: [String]) -> Set<UInt64> {
    Set(words.compactMap { packed(Array($0.utf8), foldingCase: foldingCase) })
  }

  private static let topLevelDomains = packedSet(
    foldingCase: true,
    [
      "com", "net", "org", "edu", "gov", "mil", "int", "arpa", "local", "localdomain", "example",
      "test", "invalid", "localhost", "info", "biz",
    ])
  private static let dateWords = packedSet(
    foldingCase: true,
    [
      "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "may", "jun", "jul",
      "aug", "sep", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july",
      "august", "september", "october", "november", "december", "am", "pm",
      // German and French abbreviations (`Mo, 02 Dez 2026`, `lun. 2 nov. 2026`); German
      // two-letter days (`Mo`, `Do`) are English words too, so templates skip them instead.
      "mai", "okt", "dez", "lun", "mer", "jeu", "ven",
      "sam", "dim", "janv", "mars", "avr", "juin", "juil", "sept",
    ])
  /// Localised date words with non-ASCII letters, lower-case UTF-8.
  private static let localisedDateWords: Set<[UInt8]> = Set(
    ["mär", "févr", "déc", "août", "fév", "mär."].map { Array($0.utf8) })
  private static let timeZones = packedSet(
    foldingCase: false,
    [
      "GMT", "UT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT",
      "HST", "MET", "MEST", "CET", "CEST", "BST", "IST", "EET", "EEST", "WET", "WEST", "JST",
      "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "NZST", "NZDT", "DST", "Z",
    ])

  /// Merges a run of fields such as `<date>, <n> <date> <n> <n>:<n>:<n> +<n>` (a date,
  /// `Mon, 11 May 1998 05:10:06 +0200`) into one `<date>`: a run of date and number
  /// fields joined only by ` ,:+-/()`, holding a date word or a time (`<n>:<n>`).
  static func mergeDates(_ spans: inout [Span], in bytes: [UInt8]) {
    var out: [Span] = []
    out.reserveCapacity(spans.count)
    var index = 0
    func isDateish(_ span: Span) -> Bool { span.field == .date || span.field == .number }
    func isSeparator(_ span: Span) -> Bool {
      guard span.field == nil, span.range.count <= 3 else { return false }
      return bytes[span.range].allSatisfy {
        $0 == 0x20 || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "+")
          || $0 == UInt8(ascii: ".")
          || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "(")
          || $0 == UInt8(ascii: ")")
      }
    }
    while index < spans.count {
      guard isDateish(spans[index]) else {
        out.append(spans[index])
        index += 1
        continue
      }
      // The longest run field (separator field)* starting here.
      var end = index + 1
      var hasDate = spans[index].field == .date
      var hasTime = false
      var opened = 0
      while end + 1 < spans.count, isSeparator(spans[end]), isDateish(spans[end + 1]) {
        for byte in bytes[spans[end].range] {
          if byte == UInt8(ascii: ":") { hasTime = true }
          if byte == UInt8(ascii: "(") { opened += 1 }
          if byte == UInt8(ascii: ")") { opened -= 1 }
        }
        if spans[end + 1].field == .date { hasDate = true }
        end += 2
      }
      guard end - index > 1, hasDate || hasTime else {
        out.append(contentsOf: spans[index..<end])
        index = end
        continue
      }
      out.append(
        Span(field: .date, range: spans[index].range.lowerBound..<spans[end - 1].range.upperBound))
      index = end
      // `... -0500 (CDT)`: the zone's closing parenthesis belongs to the date, so that
      // dates with and without a zone name have one shape.
      if opened > 0, index < spans.count, spans[index].field == nil,
        bytes[spans[index].range.lowerBound] == UInt8(ascii: ")")
      {
        out[out.count - 1].range =
          out[out.count - 1].range.lowerBound..<spans[index].range.lowerBound + 1
        spans[index].range = spans[index].range.lowerBound + 1..<spans[index].range.upperBound
        if spans[index].range.isEmpty { index += 1 }
      }
    }
    spans = out
  }
}
