/// The checks of `banners lint` that read rules one at a time or compare them as text:
/// `duplicate`, `too-general`, `whitespace` and `similar-label`. The checks that need
/// automata are `LanguageChecks`.
enum RuleChecks {
  // MARK: duplicate

  /// The same regex twice: the translated patterns are compared, so two spellings the
  /// translator writes alike (`/PC\/TCP/`, `/PC\057TCP/`) are the same regex. The first
  /// occurrence is named in `coveredBy`. (Equal languages written differently, such as
  /// `/a\.b/` and `/a[.]b/`, are the automata's `unreachable` finding.)
  ///
  ///     /Sendmail/ sendmail
  ///     /Sendmail/ sendmail         -> warning: same regex and label as line 1
  ///     /Sendmail/ Smail            -> error: line 1 labels it 'sendmail' first
  static func duplicates(_ rules: [Rule]) -> [Diagnostic] {
    var first: [[UInt8]: Rule] = [:]
    var diagnostics: [Diagnostic] = []
    for rule in rules {
      guard let earlier = first[rule.translation.pattern] else {
        first[rule.translation.pattern] = rule
        continue
      }
      var diagnostic: Diagnostic
      if earlier.label == rule.label {
        diagnostic = Diagnostic(
          .warning, at: rule.location,
          "same regex and label as line \(earlier.location.line): this rule never matches first; delete it",
          check: .duplicate)
      } else {
        diagnostic = Diagnostic(
          .error, at: rule.location,
          "same regex as line \(earlier.location.line), which labels it '\(TerminalSafe.escape(earlier.label))' first: the label '\(TerminalSafe.escape(rule.label))' is never given",
          check: .duplicate)
      }
      diagnostic.coveredBy = [earlier.location.line]
      diagnostics.append(diagnostic)
    }
    return diagnostics
  }

  // MARK: too-general

  /// Less information than three fixed bytes: a regex that any banner holding one
  /// short fragment satisfies (`/ v/`: 16 bits, `/[0-9][0-9][0-9]/`: about 10).
  static let minimumBits = 24.0

  /// Banners that name no software: a rule that matches one of them labels banners by
  /// what every SMTP server says, not by what identifies one.
  static let anonymousBanners: [[UInt8]] = [
    "220 mail.example.net ESMTP ready\r\n",
    "220 mx.example.com SMTP service ready\r\n",
    "220 smtp.example.org ESMTP server ready at Mon, 11 May 1998 05:10:06 +0200\r\n",
    "421 Service not available, closing transmission channel\r\n",
  ].map { Array($0.utf8) }

  /// Probes for "matches every banner": the empty banner, a control byte and a high
  /// byte, and the anonymous banners.
  static let everyBannerProbes: [[UInt8]] = [[], [0x00], [0xFF]] + anonymousBanners

  /// A regex that matches every banner, one satisfied by a short fragment, or one that
  /// matches a banner naming no software. A `//` catch-all as the last rule is the
  /// idiom for "everything else" and is not flagged.
  static func tooGeneral(_ rules: [Rule], patterns: [PCRE2Pattern?]) -> [Diagnostic] {
    let scratch = RegexMatchScratch(limits: .default)
    func matches(_ pattern: PCRE2Pattern, _ banner: [UInt8]) -> Bool {
      let found = banner.withUnsafeBufferPointer {
        try? pattern.program.firstMatch(in: $0, scratch: scratch)
      }
      return found != nil
    }
    var diagnostics: [Diagnostic] = []
    for (index, rule) in rules.enumerated() {
      guard let pattern = patterns[index] else { continue }
      var location = rule.location
      location.column = rule.regexColumn
      if everyBannerProbes.allSatisfy({ matches(pattern, $0) }) {
        if rule.isCatchAll && index == rules.count - 1 { continue }
        var diagnostic = Diagnostic(
          .warning, at: location,
          "matches every banner (it matches the empty string), so no rule after it can match"
            + (rule.isCatchAll ? "" : "; write // if a catch-all is meant"),
          check: .tooGeneral)
        diagnostic.witness = Array("220 mail.example.net ESMTP ready\r\n".utf8)
        diagnostics.append(diagnostic)
        continue
      }
      if let specificity = RegexSpecificity(translatedPattern: rule.translation.pattern),
        specificity.bits < minimumBits, !specificity.isWholeBanner
      {
        let bytes = Int(specificity.bits / 8 + 0.5)
        let amount =
          bytes < 1 ? "less than a byte" : "about \(bytes) byte\(bytes == 1 ? "" : "s")"
        let what =
          specificity.fragment.isEmpty
          ? "requires no particular text"
          : "matches any banner containing '\(TerminalSafe.escape(specificity.fragment))'"
        var diagnostic = Diagnostic(
          .warning, at: location,
          "\(what): \(amount) of text cannot name one software; make the regex longer",
          check: .tooGeneral)
        let separator: [UInt8] = specificity.fragment.first.map(isBlank) == true ? [] : [0x20]
        let banner =
          Array("220 mail.example.net".utf8) + separator + specificity.fragment + [0x0D, 0x0A]
        if matches(pattern, banner) {
          diagnostic.witness = banner
        } else if !specificity.fragment.isEmpty {
          diagnostic.witness = specificity.fragment
        }
        diagnostics.append(diagnostic)
        continue
      }
      if let banner = anonymousBanners.first(where: { matches(pattern, $0) }) {
        var diagnostic = Diagnostic(
          .warning, at: location,
          "matches '\(TerminalSafe.escape(banner))', a banner that names no software",
          check: .tooGeneral)
        diagnostic.witness = banner
        diagnostics.append(diagnostic)
      }
    }
    return diagnostics
  }

  // MARK: whitespace

  /// Words that say nothing about which software a label names.
  static let uninformativeLabelWords: Set<String> = ["unknown", "not", "sure", "the", "smtp"]

  /// Whitespace at either end of a regex that is likely a mistake. A single space is
  /// the posts' way of saying "a word starts here" (`/ Smail ready/`) and passes,
  /// except when the regex names none of its label's words: then the space is what
  /// is left of a cut, as in the damaged 1998 post's `/ E-mail system/ Post.Office`
  /// (the anonymiser stripped "post.office"). Flagged always: a tab, several blanks,
  /// a no-break space, a blank after `^` or before `$`, a regex of blanks only.
  static func whitespace(_ rules: [Rule]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for rule in rules where !rule.regexSource.isEmpty {
      let source = rule.regexSource
      func at(_ offset: Int) -> SourceLocation {
        var location = rule.location
        location.column = rule.regexColumn + offset
        return location
      }
      func flag(_ offset: Int, _ message: String) {
        diagnostics.append(Diagnostic(.warning, at: at(offset), message, check: .whitespace))
      }
      if source.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
        flag(0, "the regex is only blanks: it matches any banner with \(source.count) of them")
        continue
      }
      let leading = blankRun(source, from: 0, step: 1)
      let trailing = blankRun(source, from: source.count - 1, step: -1)
      if let problem = oddBlanks(source, leading) {
        flag(0, "leading \(problem) in the regex")
      } else if leading.count == 1, !namesLabel(rule) {
        flag(
          0,
          "leading space, and the regex names nothing of its label '\(TerminalSafe.escape(rule.label))': was text before the space lost?"
        )
      }
      if let problem = oddBlanks(source, trailing) {
        flag(source.count - trailing.count, "trailing \(problem) in the regex")
      } else if trailing.count == 1, leading.isEmpty, !namesLabel(rule) {
        flag(
          source.count - 1,
          "trailing space, and the regex names nothing of its label '\(TerminalSafe.escape(rule.label))': was text after the space lost?"
        )
      }
      for index in source.indices {
        if source[index] == UInt8(ascii: "^"), index + 1 < source.count,
          isBlank(source[index + 1]), index == 0 || source[index - 1] == UInt8(ascii: "(")
        {
          flag(index + 1, "blank after '^': the banner must start with it; is that meant?")
        }
        if source[index] == UInt8(ascii: "$"), index > 0, isBlank(source[index - 1]),
          index + 1 == source.count
        {
          flag(
            index - 1,
            "blank before '$': banners end with CRLF, so this matches only a banner that ends in a blank with no line end"
          )
        }
      }
    }
    return diagnostics
  }

  /// The blank bytes (space, tab, no-break space) at one end of `source`.
  static func blankRun(_ source: [UInt8], from start: Int, step: Int) -> [UInt8] {
    var run: [UInt8] = []
    var index = start
    while index >= 0, index < source.count, isBlankOrNoBreak(source, at: index) {
      run.append(source[index])
      index += step
    }
    return run
  }

  /// What is wrong with a run of blanks at an end of the regex, or nil when it is none
  /// or one plain space.
  static func oddBlanks(_ source: [UInt8], _ run: [UInt8]) -> String? {
    if run.contains(0xA0) || run.contains(0xC2) { return "no-break space (invisible, not a space)" }
    if run.contains(0x09) { return "tab (it looks like spaces)" }
    if run.count > 1 { return "\(run.count) blanks (one would require the same word start)" }
    return nil
  }

  static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// A space, a tab, or a no-break space (0xA0 alone, or UTF-8's C2 A0).
  static func isBlankOrNoBreak(_ source: [UInt8], at index: Int) -> Bool {
    let byte = source[index]
    if isBlank(byte) || byte == 0xA0 { return true }
    return byte == 0xC2 && index + 1 < source.count && source[index + 1] == 0xA0
  }

  /// True when the regex text contains a word (three letters or more) of the label, or
  /// the label has no informative word.
  static func namesLabel(_ rule: Rule) -> Bool {
    let words = alphanumericWords(rule.label).filter {
      $0.count >= 3 && !uninformativeLabelWords.contains($0)
    }
    guard !words.isEmpty else { return true }
    let regex = String(decoding: rule.regexSource.map(lowercased), as: UTF8.self)
    return words.contains { regex.contains($0) }
  }

  static func alphanumericWords(_ text: String) -> [String] {
    text.utf8.map(lowercased).split { !$0.isASCIIAlphanumeric }
      .map { String(decoding: $0, as: UTF8.self) }
  }

  static func lowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }

  // MARK: similar-label

  /// Labels that differ from an earlier label only in case, spacing or punctuation
  /// (`Groupwise` after `GroupWise`): the tally counts one software twice. One warning
  /// per variant spelling, at its first rule's label, naming the first spelling's line.
  static func similarLabels(_ rules: [Rule], lines: [[UInt8]]) -> [Diagnostic] {
    var firstSpelling: [String: Rule] = [:]
    var seenSpellings: Set<String> = []
    var diagnostics: [Diagnostic] = []
    for rule in rules {
      let key = alphanumericWords(rule.label).joined()
      guard !key.isEmpty, seenSpellings.insert(rule.label).inserted else { continue }
      guard let earlier = firstSpelling[key] else {
        firstSpelling[key] = rule
        continue
      }
      var location = rule.location
      location.column = labelColumn(of: rule, lines: lines)
      var diagnostic = Diagnostic(
        .warning, at: location,
        "label '\(TerminalSafe.escape(rule.label))' differs from '\(TerminalSafe.escape(earlier.label))' (line \(earlier.location.line)) only in case, spacing or punctuation: the tally counts them apart",
        check: .similarLabel)
      diagnostic.coveredBy = [earlier.location.line]
      diagnostics.append(diagnostic)
    }
    return diagnostics
  }

  /// The column of a rule's label: the first non-blank after the closing `/`.
  static func labelColumn(of rule: Rule, lines: [[UInt8]]) -> Int {
    let closing = rule.location.column + rule.regexSource.count  // 0-based index of '/'
    guard rule.location.line - 1 < lines.count else { return closing + 2 }
    let line = lines[rule.location.line - 1]
    var index = closing + 1
    while index < line.count, isBlank(line[index]) { index += 1 }
    return index + 1
  }
}

extension UInt8 {
  /// `A-Z`, `a-z` or `0-9`.
  var isASCIIAlphanumeric: Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
  }
}
