/// A rule that would claim (some of) one residue group, in the awk format, ready to
/// append to the rule list:
///
///     /Postfix/ Postfix
///
/// Its regex is a word-aligned literal fragment of the group's shapes, escaped for awk,
/// chosen by what it claims on the whole corpus (`SuggestionCheck`): no classified
/// banner and no residue banner of another group contains it. So, appended at the end
/// of the list, it moves residue banners of its group only, and no other label changes.
public struct SuggestedRule: Sendable, Hashable {
  /// The literal bytes the rule looks for (printable ASCII).
  public var fragment: [UInt8]
  /// A label from the fragment's product-like words (`Postfix`), or `unknown (...)`.
  public var label: String
  /// Residue banners of its group that it claims: that contain the fragment and belong
  /// to shapes no earlier rule of the group claims (so a group's counts add up).
  public var claims: Int
  /// The group's shapes it claims banners of (shapes no earlier rule claims).
  public var shapes: Int

  public init(fragment: [UInt8], claims: Int = 0, shapes: Int = 0) {
    self.fragment = fragment
    self.label = Self.label(for: fragment)
    self.claims = claims
    self.shapes = shapes
  }

  /// The rule's regex: `fragment` with awk's special characters escaped.
  public var regex: String { Self.awkEscaped(fragment) }

  /// The line to paste into a rule file.
  public var ruleLine: String { "/\(regex)/ \(label)" }

  /// Escapes the bytes an awk regex would read as operators (and `/`, which ends it).
  ///
  ///     SuggestedRule.awkEscaped(Array("Mail*Link (v1.2)".utf8))   // "Mail\\*Link \\(v1\\.2\\)"
  public static func awkEscaped(_ fragment: [UInt8]) -> String {
    var out = ""
    for byte in fragment {
      switch byte {
      case 0x0D: out += "\\r"
      case 0x0A: out += "\\n"
      case 0x09: out += "\\t"
      default:
        let character = Character(Unicode.Scalar(byte))
        if "\\/.[]()*+?{}|^$".contains(character) { out.append("\\") }
        out.append(character)
      }
    }
    return out
  }

  /// The fragment's words that look like a product's (`ESMTP Postfix` gives `Postfix`,
  /// `Serv-U FTP` gives `Serv-U`), or, when none does, `unknown (fragment)`: the posts'
  /// way of naming software they only know by its words. Never bytes a label cannot
  /// hold.
  static func label(for fragment: [UInt8]) -> String {
    let punctuation: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", "#", "(", ")"]
    let tokens = String(decoding: fragment, as: UTF8.self).split(separator: " ").map {
      var token = $0
      while let first = token.first, punctuation.contains(first) { token = token.dropFirst() }
      while let last = token.last, punctuation.contains(last) { token = token.dropLast() }
      return String(token)
    }
    func letterRuns(_ token: String) -> [String] {
      token.lowercased().split(whereSeparator: { !("a"..."z").contains($0) }).map(String.init)
        .filter { $0.count >= 2 }
    }
    let product = tokens.filter { token in
      letterRuns(token).contains { !ResidueTemplate.Word.isStopOrProtocol($0) }
    }
    if !product.isEmpty {
      let label = product.joined(separator: " ")
      if label.count <= 40, label.allSatisfy({ $0.isASCII && !$0.isWhitespace || $0 == " " }) {
        return label
      }
    }
    return unknownLabel(for: fragment)
  }

  static func unknownLabel(for fragment: [UInt8]) -> String {
    var words = String(
      decoding: fragment.filter { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "\"") }
        .map { $0 < 0x20 ? 0x20 : $0 },
      as: UTF8.self
    )
    .split(separator: " ").joined(separator: " ")
    if words.count > 40 { words = String(words.prefix(37)) + "..." }
    return "unknown (\(words))"
  }

  /// Fragments worth suggesting for a template group, best first: word-aligned runs of
  /// one to three words of its largest shapes' literal parts, each with a product-like
  /// word and no host-like first word of a greeting (unless it is the anchor) and no
  /// host slot of `templates` (a word where other banners have a host name), within a
  /// line, printable ASCII, 4 to 40 bytes; single words first. A fragment ends with its
  /// last word's whole name (`Gene6`, `Pure-FTPd`, `Serv-U`, `WS_FTP`), not before a
  /// version (`dropbear_2020.81` gives `dropbear`).
  public static func candidates(
    for group: ResidueTemplates.Group, in templates: ResidueTemplates? = nil,
    maxShapes: Int = 6, maxCount: Int = 32
  ) -> [[UInt8]] {
    let hostLike = templates?.hostLike ?? []
    func analysis(_ shape: ResidueShape) -> (
      lead: String, words: [ResidueTemplate.Word], slots: [ResidueShape.HostSlot]
    ) {
      if let templates { return templates.analysis(of: shape) }
      let (lead, words) = ResidueTemplate.words(of: shape.parts)
      return (lead, words, [])
    }
    var found: [(fragment: [UInt8], words: Int, productFirst: Bool)] = []
    var seen: Set<[UInt8]> = []
    // A group whose banners name no product (`+OK Hello there.`) may still get a rule
    // from its other words, labelled `unknown (...)`.
    let needsProduct = group.template.anchor != nil
    // A greeting's lower-case first word may be a host name; it may be in a rule only
    // when it is the anchor, or the same in every shape of a group of three banners or
    // more (host names vary, a product's name does not: `220 bftpd 5.7 at ...`).
    let top = group.shapes.prefix(maxShapes)
    let greetings = Set(top.map { analysis($0.shape).words.first { $0.level == .greeting }?.text })
    let constantGreeting = group.count >= 3 && greetings.count == 1 ? greetings.first! : nil
    func allowed(_ word: ResidueTemplate.Word) -> Bool {
      // A word the same in every shape (`220 bftpd 5.7 at ...`) is the product's even when
      // the residue shows it nowhere else.
      guard
        !hostLike.contains(word.text) || word.text == group.template.anchor
          || word.text == constantGreeting
      else {
        return false
      }
      return word.level != .greeting || word.text == group.template.anchor
        || word.text == constantGreeting
    }
    for shapeGroup in top {
      let parts = shapeGroup.shape.parts
      let (lead, words, slots) = analysis(shapeGroup.shape)
      for (index, first) in words.enumerated() {
        for span in 0..<3 {
          guard index + span < words.count else { break }
          let run = words[index...(index + span)]
          let last = run.last!
          guard last.part == first.part,
            run.allSatisfy(allowed),
            !needsProduct || run.contains(where: \.isProductLike),
            case .literal(let bytes) = parts[first.part]
          else { continue }
          // Starts: the word; the reply that leads the banner (`+OK Dovecot`, where
          // `Dovecot` alone is in IMAP banners too); a closing `] ` (`] Dovecot` after
          // an IMAP capability list).
          var starts = [first.range.lowerBound]
          if first.part == 0, !lead.isEmpty, index < 2, words[0..<index].allSatisfy(allowed),
            words[0..<index].allSatisfy({ $0.part == 0 })
          {
            starts.append(0)
          }
          // A later line's reply code (`214 qmail home page`, where `214-qmail` is known).
          let code = first.range.lowerBound - 4
          if code >= 0, code == 0 || bytes[code - 1] == 0x0A,
            bytes[code..<code + 3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            first.part > 0 || code > 0
          {
            starts.append(code)
          }
          if first.range.lowerBound >= 2, bytes[first.range.lowerBound - 1] == 0x20,
            bytes[first.range.lowerBound - 2] == UInt8(ascii: "]")
          {
            starts.append(first.range.lowerBound - 2)
          }
          var end = last.range.upperBound
          while end < bytes.count {
            let byte = bytes[end]
            let joinsALetter =
              (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")) && end + 1 < bytes.count
              && ResidueTemplate.isLetter(bytes[end + 1])
            guard ResidueTemplate.isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || joinsALetter
            else { break }
            end += 1
          }
          for start in starts {
            let fragment = Array(bytes[start..<end])
            guard (4...40).contains(fragment.count),
              !slots.contains(where: { $0.overlaps(part: first.part, range: start..<end) }),
              fragment.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "@") }),
              seen.insert(fragment).inserted
            else { continue }
            found.append(
              (fragment, span + 1, first.isProductLike && start == first.range.lowerBound))
          }
        }
      }
    }
    // Stable: fewer words first, then product-like first words.
    let ordered = found.enumerated().sorted {
      ($0.element.words, $0.element.productFirst ? 0 : 1, $0.offset)
        < ($1.element.words, $1.element.productFirst ? 0 : 1, $1.offset)
    }
    return ordered.prefix(maxCount).map(\.element.fragment)
  }
}

/// The second pass over a corpus that chooses suggestions by what they claim: for every
/// candidate fragment of the shown residue groups it learns whether a classified banner
/// contains it (then it is out: appending it would move that banner), which residue
/// banners of its own group contain it, per shape, and whether residue of any other
/// group does (then it is out too: two products never share a rule).
///
/// All candidates are searched at once with the prefilter's `LiteralScanner` (one table
/// lookup per banner byte); only banners that contain a live candidate are classified
/// again. Memory: per candidate, one counter per shape of its group.
public struct SuggestionCheck: Sendable {
  struct Candidate: Sendable {
    var group: Int
    var fragment: [UInt8]
    /// It holds the group's anchor word (`FileZilla` rather than `visit`).
    var namesAnchor: Bool
    var productFirst: Bool
    /// A classified banner, or a residue banner of another group, contains it.
    var out = false
    /// Banners of its group claimed, per shape slot (`shapes.count` for untracked shapes).
    var claims: [Int: Int] = [:]
  }

  /// What one banner tells the check: the live candidates it contains, and whether it is
  /// residue of a shown group (and which shape).
  public struct Sighting: Sendable {
    var candidates: [Int32]
    var residueGroup: Int?
    var shapeSlot: Int
  }

  private let templates: ResidueTemplates
  let groupSizes: [Int]
  private let groupOfTemplate: [ResidueTemplate: Int]
  private let slotOfShape: [ResidueShape: Int]
  var candidates: [Candidate] = []
  private let scanner: LiteralScanner
  let bitWords: Int
  /// Finds, in a corpus line as read, each candidate's longest run of bytes that the
  /// line must hold as they are when the banner holds the candidate (`lineKey(of:)`),
  /// and the marks of a line whose banner may be written otherwise (`\u`, `_b64`),
  /// which report the id `candidates.count`.
  let lineScanner: LiteralScanner
  /// A fragment made only of bytes JSON escapes has no line key: every line is parsed.
  let hasEmptyLineKey: Bool
  /// Each candidate's line key, for sieves (`lineSieve(knownOut:)`).
  let lineKeys: [[UInt8]]

  /// Prepares candidates for `groups` (the groups to suggest rules for, in order), taken
  /// from `templates`.
  public init(groups: [ResidueTemplates.Group], templates: ResidueTemplates) {
    self.templates = templates
    groupSizes = groups.map(\.shapes.count)
    var groupOfTemplate: [ResidueTemplate: Int] = [:]
    var slotOfShape: [ResidueShape: Int] = [:]
    for (index, group) in groups.enumerated() {
      groupOfTemplate[group.template] = index
      for (slot, shape) in group.shapes.enumerated() { slotOfShape[shape.shape] = slot }
      for fragment in SuggestedRule.candidates(for: group, in: templates) {
        let first = ResidueTemplate.isLetter(fragment[0])
        let lower = String(decoding: fragment.map { $0 | 0x20 }, as: UTF8.self)
        candidates.append(
          Candidate(
            group: index, fragment: fragment,
            namesAnchor: group.template.anchor.map { lower.contains($0) } ?? false,
            productFirst: first
              && !ResidueTemplate.Word.isStopOrProtocol(
                String(
                  decoding: fragment.prefix { ResidueTemplate.isLetter($0) }.map { $0 | 0x20 },
                  as: UTF8.self))
          ))
      }
    }
    self.groupOfTemplate = groupOfTemplate
    self.slotOfShape = slotOfShape
    scanner = LiteralScanner(
      literals: candidates.map(\.fragment),
      payloadsOfLiteral: candidates.indices.map { [Int32($0)] })
    bitWords = (candidates.count + 63) / 64
    let otherwise = Self.otherwiseWritten
    let lineKeys = candidates.map { Self.lineKey(of: $0.fragment) }
    let writtenOtherwise = Int32(candidates.count)
    hasEmptyLineKey = lineKeys.contains(where: \.isEmpty)
    self.lineKeys = lineKeys
    lineScanner = LiteralScanner(
      literals: lineKeys + otherwise,
      payloadsOfLiteral: lineKeys.indices.map { [Int32($0)] }
        + otherwise.map { _ in [writtenOtherwise] })
  }

  /// Checks one record of the corpus. `verdict` classifies its banner (called only
  /// when the banner contains a live candidate).
  public mutating func add(_ record: CorpusRecord, verdict: ([UInt8]) -> Verdict) {
    if let sighting = sighting(in: record, verdict: verdict) { count(sighting) }
  }

  /// What `record` tells the check, or nil when it contains no live candidate. Does not
  /// change the check, so workers can call it concurrently; hand the result to `count`.
  ///
  /// `knownOut` (bits by candidate index) names candidates already known to be out,
  /// for workers that run ahead of `count`: a candidate out in the check stays out, so
  /// leaving it out earlier changes no count, and a banner with no other candidate is
  /// not classified at all.
  public func sighting(
    in record: CorpusRecord, knownOut: [UInt64] = [], verdict: ([UInt8]) -> Verdict
  ) -> Sighting? {
    guard record.outcome == .ok, let banner = record.banner, !candidates.isEmpty else {
      return nil
    }
    var hits: [Int32] = []
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: bitWords) { bits in
      bits.initialize(repeating: 0)
      banner.withUnsafeBufferPointer { scanner.markPayloads(of: $0, in: bits) }
      for (word, value) in bits.enumerated() where value != 0 {
        var rest = value
        while rest != 0 {
          let id = word * 64 + rest.trailingZeroBitCount
          rest &= rest - 1
          let isKnownOut = word < knownOut.count && knownOut[word] & (1 << (id & 63)) != 0
          if !candidates[id].out && !isKnownOut { hits.append(Int32(id)) }
        }
      }
    }
    guard !hits.isEmpty else { return nil }
    guard verdict(banner) == .residue else {
      return Sighting(candidates: hits, residueGroup: nil, shapeSlot: 0)
    }
    let shape = ResidueShape(of: banner)
    guard let group = groupOfTemplate[templates.template(of: shape)] else {
      return Sighting(candidates: hits, residueGroup: nil, shapeSlot: 0)
    }
    return Sighting(
      candidates: hits, residueGroup: group, shapeSlot: slotOfShape[shape] ?? groupSizes[group])
  }

  /// Counts a sighting (from `sighting(in:verdict:)`); returns the candidates it puts
  /// out.
  @discardableResult
  public mutating func count(_ sighting: Sighting) -> [Int] {
    var nowOut: [Int] = []
    for id in sighting.candidates.map(Int.init) where !candidates[id].out {
      if sighting.residueGroup == candidates[id].group {
        candidates[id].claims[sighting.shapeSlot, default: 0] += 1
      } else {
        candidates[id].out = true
        candidates[id].claims = [:]
        nowOut.append(id)
      }
    }
    return nowOut
  }

  /// The candidates `count(sighting)` would put out (for a check not yet told of them):
  /// those sighted in a banner that is not residue of their own group.
  func puttingOut(_ sighting: Sighting) -> [Int] {
    sighting.candidates.map(Int.init).filter { sighting.residueGroup != candidates[$0].group }
  }

  /// How many candidates there are (bits of a `knownOut` set).
  var candidateCount: Int { candidates.count }

  /// Per group, the suggested rules: a greedy cover of its banners by candidates that
  /// claim nothing outside the group, each step taking the candidate that claims the
  /// most banners not yet claimed (ties: a product-like first word, then the shortest
  /// fragment), at most `maxRules` per group. Empty when no candidate survived.
  public func suggestions(maxRules: Int = 3) -> [[SuggestedRule]] {
    var byGroup: [[Int]] = Array(repeating: [], count: groupSizes.count)
    for (id, candidate) in candidates.enumerated() where !candidate.out {
      byGroup[candidate.group].append(id)
    }
    return byGroup.map { ids in
      var rules: [SuggestedRule] = []
      var covered: Set<Int> = []
      while rules.count < maxRules {
        var best: (id: Int, gain: Int)?
        for id in ids {
          let gain = candidates[id].claims.reduce(0) {
            $0 + (covered.contains($1.key) ? 0 : $1.value)
          }
          guard gain > 0 else { continue }
          if let current = best {
            let a = candidates[id]
            let b = candidates[current.id]
            let better =
              gain != current.gain
              ? gain > current.gain
              : a.namesAnchor != b.namesAnchor
                ? a.namesAnchor
                : a.productFirst != b.productFirst
                  ? a.productFirst : a.fragment.count < b.fragment.count
            if !better { continue }
          }
          best = (id, gain)
        }
        guard let chosen = best else { break }
        let candidate = candidates[chosen.id]
        let added = candidate.claims.keys.filter { !covered.contains($0) }
        covered.formUnion(added)
        rules.append(
          SuggestedRule(
            fragment: candidate.fragment, claims: chosen.gain,
            shapes: added.count { $0 < groupSizes[candidate.group] }))
      }
      return rules
    }
  }
}
