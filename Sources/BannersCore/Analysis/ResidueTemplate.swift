/// The template of a residue shape: what stays when the parts that vary between servers
/// of one product are set aside, so that one product's shapes form one group, as log
/// parsers mine one template from messages whose variable parts differ (Drain, He et
/// al. 2017).
///
/// A shape's words are read at three levels of certainty:
///
/// - plain words (`ESMTP Postfix; NO UCE`),
/// - the first word of a greeting when it is written in lower case (`220 mailhost ...`,
///   `220 vsftpd 3.0.3`): a bare host name or the product, the form cannot tell,
/// - words in brackets, parentheses or angle brackets (`(Debian/GNU)`,
///   `[CAPABILITY IMAP4rev1 ...]`, `<1234.5@host>`): comments that servers add or drop.
///
/// The template is the banner's lead (`220`, `+OK`, `*`, `SSH`), the protocol words
/// among its plain words (`ESMTP`, `FTP`, `POP3`), and one *anchor*: the first
/// product-like plain word, or else the product-like word of the other two levels that
/// the residue shows most often in a plain or bracketed place (so `gw-3` in `220 gw-3
/// FTP server (MikroTik 6.48) ready` loses to `MikroTik`). Versions, dates, numbers, hex
/// ids, hosts and addresses are fields of the shape already; distribution tags, common
/// English and greeting words (`Debian`, `ready`, `welcome`, `service`) are never
/// anchors. A shape without an anchor is its own template.
///
///     220 mx1.example.net ESMTP Postfix (Debian/GNU)        220|esmtp|postfix
///     220 mailhost ESMTP Postfix; NO UCE                      220|esmtp|postfix
///     220 (vsFTPd 3.0.3)                                      220||vsftpd
///     SSH-2.0-dropbear_2020.81                                SSH||dropbear
public struct ResidueTemplate: Hashable, Sendable {
  public var lead: String
  public var protocols: [String]
  /// The anchor word, lower case; nil when the shape has none.
  public var anchor: String?
  /// For a template without anchor: its shape, with fields and a greeting word masked.
  var unanchored: String?

  /// `220|esmtp|postfix`, for people and tests.
  public var text: String {
    [lead, protocols.joined(separator: ","), anchor ?? "-"].joined(separator: "|")
  }

  /// How sure a word's place makes it a word of the product.
  enum Level: Int, Sendable {
    case plain = 0
    case greeting = 1
    case bracketed = 2
  }

  /// A run of ASCII letters (two or more) of a literal part of a shape.
  struct Word {
    var text: String
    var level: Level
    /// Where it is: the literal part (index among `shape.parts`) and its byte range.
    var part: Int
    var range: Range<Int>
    var isProductLike: Bool { !Self.stopWords.contains(text) && !Self.protocols.contains(text) }
    var isProtocol: Bool { Self.protocols.contains(text) }

    static func isStopOrProtocol(_ text: String) -> Bool {
      stopWords.contains(text) || protocols.contains(text)
    }

    static let protocols: Set<String> = ["esmtp", "smtp", "lmtp", "ftp", "pop", "imap", "ssh"]
    /// Words that name no product: greeting words, common English, distribution tags,
    /// release words, and the German two-letter days that are English words too.
    static let stopWords: Set<String> = [
      "ok", "err", "ready", "server", "service", "services", "mail", "version", "at", "on", "for",
      "of", "and", "by", "to", "the", "is", "are", "be", "please", "you", "your", "this", "that",
      "with", "from", "in", "hello", "hi", "there", "starting", "running", "welcome", "patch",
      "release", "build", "beta", "alpha", "rc", "rev", "debian", "ubuntu", "gnu", "linux", "suse",
      "raspbian", "centos", "redhat", "fedora", "freebsd", "openbsd", "netbsd", "deb", "el", "no",
      "not", "all", "any", "copyright", "inc", "ltd", "corp", "llc", "gmbh", "reserved", "rights",
      "system", "host", "port", "time", "local", "now", "user", "users", "number", "allowed",
      "minutes", "seconds", "inactivity", "disconnected", "after", "private", "login", "anonymous",
      "connections", "connection", "also", "here", "spoken", "greetings", "as", "it", "we", "our",
      "an", "or", "if", "will", "ip", "www", "http", "https", "com", "net", "org", "mo", "di", "mi",
      "do", "fr", "sa", "so", "id", "capability", "auth", "plain", "starttls", "agent",
      "internet", "software", "program", "daemon", "gateway", "relay", "mta", "esmtpsa", "unknown",
      "ffff", "uce", "ube", "spam", "protocol", "available", "access", "only", "use",
      "free", "edition", "licensed", "unregistered", "copy", "pro", "standard", "enterprise",
    ]
  }

  /// The words of a shape's literal parts, with their levels, and the banner's lead.
  /// Words of `hostSlots` are host names: left out, like fields.
  static func words(of parts: [ResidueShape.Part], hostSlots: [ResidueShape.HostSlot] = [])
    -> (lead: String, words: [Word])
  {
    var words: [Word] = []
    var lead = ""
    var depth = 0
    var atStart = true
    var expectingGreeting = true
    for (index, part) in parts.enumerated() {
      guard case .literal(let bytes) = part else {
        // A field fills the greeting's first place (`220 <host> ESMTP`).
        if depth == 0 { expectingGreeting = false }
        atStart = false
        continue
      }
      var position = 0
      if atStart {
        let leadLength = Self.leadLength(bytes)
        lead = String(decoding: bytes[0..<leadLength.kept], as: UTF8.self)
        position = leadLength.skipped
        // Only replies (`220`, `+OK`, `* OK`) name a host first; `SSH-2.0-` names software.
        expectingGreeting = !lead.isEmpty && lead != "SSH"
        atStart = false
      }
      while position < bytes.count {
        let byte = bytes[position]
        // An IMAP capability list names protocol features, not the product: skipped.
        if byte == UInt8(ascii: "["), bytes[(position + 1)...].starts(with: "CAPABILITY ".utf8),
          let close = bytes[position...].firstIndex(of: UInt8(ascii: "]"))
        {
          position = close + 1
          continue
        }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: "{"):
          depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ">"), UInt8(ascii: "}"):
          depth = max(0, depth - 1)
        case 0x0A:
          // A greeting is one line: a multi-line reply's later lines are plain.
          expectingGreeting = false
          depth = 0
        default: break
        }
        guard ResidueShape.isWordByte(byte), byte != UInt8(ascii: "-") else {
          position += 1
          continue
        }
        var end = position
        while end < bytes.count, ResidueShape.isWordByte(bytes[end]) { end += 1 }
        if hostSlots.contains(where: { $0.overlaps(part: index, range: position..<end) }) {
          if depth == 0 { expectingGreeting = false }
          position = end
          continue
        }
        let token = bytes[position..<end]
        var level: Level = depth > 0 ? .bracketed : .plain
        if depth == 0, expectingGreeting, token.contains(where: Self.isLetter) {
          expectingGreeting = false
          // `OK` of `* OK` is part of the reply, not the greeting's first word.
          if token.elementsEqual("OK".utf8) {
            expectingGreeting = true
          } else if !token.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
            level = .greeting
          }
        }
        var run = position
        while run < end {
          guard Self.isLetter(bytes[run]) else {
            run += 1
            continue
          }
          var runEnd = run
          while runEnd < end, Self.isLetter(bytes[runEnd]) { runEnd += 1 }
          if runEnd - run >= 2 {
            let text = String(decoding: bytes[run..<runEnd].map { $0 | 0x20 }, as: UTF8.self)
            words.append(Word(text: text, level: level, part: index, range: run..<runEnd))
          }
          run = runEnd
        }
        position = end
      }
    }
    return (lead, words)
  }

  /// The lead of a banner: `kept` bytes name it (`220`, `+OK`, `*`, `SSH`), `skipped`
  /// bytes are passed over before its words.
  static func leadLength(_ bytes: [UInt8]) -> (kept: Int, skipped: Int) {
    func digit(_ index: Int) -> Bool {
      index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39
    }
    if digit(0), digit(1), digit(2) { return (3, min(4, bytes.count)) }
    if bytes.starts(with: "+OK".utf8) { return (3, 3) }
    if bytes.starts(with: "-ERR".utf8) { return (4, 4) }
    if bytes.starts(with: "* ".utf8) { return (1, 2) }
    if bytes.starts(with: "SSH-".utf8) { return (3, 4) }
    return (0, 0)
  }

  static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  /// The template of `shape`. `reliable` counts, per word, the residue banners that show
  /// it plain or bracketed (see `ResidueTemplates`).
  init(
    lead: String, words allWords: [Word], shape: ResidueShape, reliable: [String: Int],
    hostLike: Set<String> = [], hostSlots: [ResidueShape.HostSlot] = []
  ) {
    // Words the residue shows as a greeting's first word at least as often as anywhere
    // else are host names (`backup`, `web`), wherever they stand.
    let words = allWords.filter { !hostLike.contains($0.text) }
    self.lead = lead
    self.protocols = Array(Set(words.filter { $0.level == .plain && $0.isProtocol }.map(\.text)))
      .sorted()
    // Plain words first, then comments, then a lower-case first word of a greeting that
    // the residue shows elsewhere (so a bare host name seen nowhere else is no anchor).
    func mostShown(_ level: Level) -> String? {
      var best: (word: String, count: Int)?
      for word in words where word.level == level && word.isProductLike {
        let count = reliable[word.text] ?? 0
        if best == nil || count > best!.count { best = (word.text, count) }
      }
      guard let best, level != .greeting || best.count > 0 else { return nil }
      return best.word
    }
    anchor =
      words.first(where: { $0.level == .plain && $0.isProductLike })?.text
      ?? mostShown(.bracketed) ?? mostShown(.greeting)
    // Without an anchor, the shape with its greeting word set aside: `220 mail ESMTP`
    // and `220 <host> ESMTP` are one template.
    self.unanchored =
      anchor == nil ? Self.maskedText(shape, words: allWords, hostSlots: hostSlots) : nil
  }

  /// The shape's text with the greeting word and the host slots (possible host names)
  /// masked like fields, an IMAP capability list (which servers configure) left out, and
  /// runs of spaces read as one: `220 mail ESMTP`, `220 <host>  ESMTP` are one template.
  static func maskedText(
    _ shape: ResidueShape, words: [Word], hostSlots: [ResidueShape.HostSlot] = []
  ) -> String {
    let greeting = words.first { $0.level == .greeting }
    var out: [UInt8] = []
    for (index, part) in shape.parts.enumerated() {
      guard case .literal(let bytes) = part else {
        out.append(0)
        continue
      }
      var masked = hostSlots.filter { $0.part == index }.map(\.range)
      if let greeting, greeting.part == index {
        var start = greeting.range.lowerBound
        var end = greeting.range.upperBound
        while start > 0, ResidueShape.isWordByte(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, ResidueShape.isWordByte(bytes[end]) { end += 1 }
        masked.append(start..<end)
      }
      var position = 0
      while position < bytes.count {
        if let range = masked.first(where: { $0.contains(position) }) {
          out.append(0)
          position = range.upperBound
        } else if bytes[position] == UInt8(ascii: "["),
          bytes[(position + 1)...].starts(with: "CAPABILITY ".utf8),
          let close = bytes[position...].firstIndex(of: UInt8(ascii: "]"))
        {
          out += Array("[CAPABILITY]".utf8)
          position = close + 1
        } else {
          if bytes[position] != 0x20 || out.last != 0x20 { out.append(bytes[position]) }
          position += 1
        }
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Residue shapes merged into templates (`ResidueTemplate`), largest first.
public struct ResidueTemplates: Sendable {
  /// One template's banners: its shapes, largest first, and a few examples drawn from
  /// different shapes.
  public struct Group: Sendable, Hashable {
    public var template: ResidueTemplate
    public var shapes: [ResidueGroups.Group]
    public var count: Int
    public var examples: [BannerExample]
    /// The largest shape, shown for the group.
    public var shape: ResidueShape { shapes[0].shape }
  }

  /// Per product-like word, the residue banners that show it plain or bracketed.
  let reliable: [String: Int]
  /// Words shown as a greeting's first word at least as often as elsewhere: host names.
  public let hostLike: Set<String>
  public let groups: [Group]
  /// The shapes merged, to tell host slots (`ResidueShape.hostSlots`) of any shape.
  private let known: Set<ResidueShape>
  /// The host slots of the merged shapes that have some, and every merged shape's
  /// template, so the second pass does not work them out again.
  private let slotsOfShape: [ResidueShape: [ResidueShape.HostSlot]]
  private let templateOfShape: [ResidueShape: ResidueTemplate]

  /// Merges `shapes` (the tracked residue groups) into templates.
  ///
  /// - Complexity: O(total shape length) plus sorting.
  public init(_ shapes: [ResidueGroups.Group], examples: Int) {
    let known = Set(shapes.map(\.shape.normalisedForSlots))
    self.known = known
    var analysed: [(lead: String, words: [ResidueTemplate.Word])] = []
    analysed.reserveCapacity(shapes.count)
    var slotsOfShape: [ResidueShape: [ResidueShape.HostSlot]] = [:]
    var reliable: [String: Int] = [:]
    var greeting: [String: Int] = [:]
    for group in shapes {
      let parts = group.shape.parts
      let slots = group.shape.hostSlots(parts: parts, among: known)
      if !slots.isEmpty { slotsOfShape[group.shape] = slots }
      let result = ResidueTemplate.words(of: parts, hostSlots: slots)
      analysed.append(result)
      var seen: Set<String> = []
      for word in result.words where word.isProductLike && seen.insert(word.text).inserted {
        if word.level == .greeting {
          greeting[word.text, default: 0] += group.count
        } else {
          reliable[word.text, default: 0] += group.count
        }
      }
    }
    self.reliable = reliable
    self.slotsOfShape = slotsOfShape
    let hostLike = Set(greeting.filter { $0.value >= reliable[$0.key] ?? 0 }.keys)
    self.hostLike = hostLike
    var index: [ResidueTemplate: Int] = [:]
    var members: [[ResidueGroups.Group]] = []
    var templates: [ResidueTemplate] = []
    var templateOfShape: [ResidueShape: ResidueTemplate] = [:]
    for (group, result) in zip(shapes, analysed) {
      let template = ResidueTemplate(
        lead: result.lead, words: result.words, shape: group.shape, reliable: reliable,
        hostLike: hostLike, hostSlots: slotsOfShape[group.shape] ?? [])
      templateOfShape[group.shape] = template
      if let slot = index[template] {
        members[slot].append(group)
      } else {
        index[template] = members.count
        members.append([group])
        templates.append(template)
      }
    }
    var groups: [Group] = []
    for (template, var shapes) in zip(templates, members) {
      shapes.sort {
        $0.count != $1.count ? $0.count > $1.count : ResidueShape.precedes($0.shape, $1.shape)
      }
      // One example from each of the largest shapes first, then more of the largest.
      var kept: [BannerExample] = []
      for round in 0..<max(examples, 0) {
        for shape in shapes where kept.count < examples && round < shape.examples.count {
          kept.append(shape.examples[round])
        }
      }
      groups.append(
        Group(
          template: template, shapes: shapes, count: shapes.reduce(0) { $0 + $1.count },
          examples: kept))
    }
    groups.sort {
      $0.count != $1.count
        ? $0.count > $1.count : ResidueShape.precedes($0.shapes[0].shape, $1.shapes[0].shape)
    }
    self.groups = groups
    self.templateOfShape = templateOfShape
  }

  /// A shape's lead and words (host slots left out) and its host slots.
  func analysis(of shape: ResidueShape) -> (
    lead: String, words: [ResidueTemplate.Word], slots: [ResidueShape.HostSlot]
  ) {
    let parts = shape.parts
    let slots =
      templateOfShape[shape] != nil
      ? slotsOfShape[shape] ?? [] : shape.hostSlots(parts: parts, among: known)
    let (lead, words) = ResidueTemplate.words(of: parts, hostSlots: slots)
    return (lead, words, slots)
  }

  /// The template of any shape, tracked or not, with this residue's word counts.
  public func template(of shape: ResidueShape) -> ResidueTemplate {
    if let template = templateOfShape[shape] { return template }
    let (lead, words, slots) = analysis(of: shape)
    return ResidueTemplate(
      lead: lead, words: words, shape: shape, reliable: reliable, hostLike: hostLike,
      hostSlots: slots)
  }
}
