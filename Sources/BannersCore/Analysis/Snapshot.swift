#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Expected labels of a corpus, for `banners test`: a plain text file, one record a
/// line, sorted by identity so that it diffs well in git:
///
///     # banners snapshot: identity<TAB>outcome<TAB>label, sorted by identity
///     192.0.2.188:25<TAB>ok<TAB>not sure
///     192.0.2.70:25<TAB>immediate disconnect<TAB>
///     198.51.100.231:25<TAB>ok<TAB>MERCUR
///
/// The columns are those of `banners classify --format tsv`: the record's identity
/// (`addr:port`, `#2`... for repeats; the line number for plain text), its outcome, and
/// for `ok` the label (`not sure` for residue); a failed connection has an empty label.
/// Every field is escaped with `TerminalSafe.escape`, so a snapshot is one line per
/// record whatever bytes labels hold, and fields are compared in that escaped form.
/// Lines starting with `#` and blank lines are ignored.
public struct Snapshot: Sendable {
  /// What a snapshot expects of one record (escaped fields).
  public struct Entry: Sendable, Hashable {
    public var outcome: String
    public var label: String

    public init(outcome: String, label: String) {
      self.outcome = outcome
      self.label = label
    }

    /// The entry of a record classified now.
    public init(outcome: Outcome, label: String) {
      self.outcome = TerminalSafe.escape(outcome.description)
      self.label = outcome == .ok ? TerminalSafe.escape(label) : ""
    }

    /// For people: the label, or `(timed out)` for a failure.
    public var display: String { outcome == "ok" ? label : "(\(outcome))" }
  }

  public static let header =
    "# banners snapshot: identity<TAB>outcome<TAB>label, sorted by identity"

  /// The entries not taken yet, compactly (`SnapshotEntries`: about 35 bytes a record).
  private var store = SnapshotEntries()

  /// The longest snapshot line read (a label comes from a rule file: far shorter).
  public static let maximumLineLength = 16 << 20

  /// Every entry by identity (escaped), taken or not.
  public var entries: [String: Entry] { store.all }

  /// The entries no `take` has asked for, in no particular order.
  public var leftovers: [(identity: String, entry: Entry)] { store.leftovers }

  public init(entries: [String: Entry] = [:]) {
    for (identity, entry) in entries { _ = store.insert(identity.utf8, entry) }
  }

  /// Reads and parses the snapshot file at `path` line by line, at most
  /// `FileBytes.snapshotLimit` bytes.
  ///
  /// - Throws: `InputError` of kind `.unreadable` when the file cannot be read or is
  ///   too long (`file: error: cannot read snapshot: longer than ...`), or the parse
  ///   errors.
  public init(contentsOf path: String) throws(InputError) {
    var errors: [Diagnostic] = []
    try Self.readLines(path) { line, number in
      add(line, number: number, file: path, errors: &errors)
    }
    guard errors.isEmpty else { throw InputError(errors) }
  }

  /// Calls `body` with each line of the snapshot file at `path` (without its newline)
  /// and its number, reading at most `FileBytes.snapshotLimit` bytes.
  ///
  /// - Throws: `InputError` of kind `.unreadable` when the file cannot be read or is
  ///   too long (`file: error: cannot read snapshot: longer than ...`).
  static func readLines(
    _ path: String, _ body: (UnsafeBufferPointer<UInt8>, _ number: Int) -> Void
  ) throws(InputError) {
    func unreadable(_ error: some Error) -> InputError {
      InputError(
        SourceLocation(file: path, line: 0), "cannot read snapshot: \(error)", kind: .unreadable)
    }
    do {
      let reader = try LineReader(path: path, maximumLineLength: Self.maximumLineLength)
      var bytes = 0
      while let tooLong = try reader.withNextLine({ line -> Bool in
        bytes += line.count + 1
        guard bytes <= FileBytes.snapshotLimit + 1 else { return true }
        body(line, reader.lineNumber + 1)
        return false
      }) {
        if tooLong {
          throw SystemError(
            errno: EFBIG, operation: "read",
            message: "longer than \(FileBytes.snapshotLimit) bytes")
        }
      }
    } catch let error as SystemError {
      throw unreadable(error)
    } catch let error as LineReader.LineTooLong {
      throw unreadable(
        SystemError(
          errno: EFBIG, operation: "read", message: "longer than \(error.limit) bytes"))
    } catch {
      throw unreadable(error)
    }
  }

  /// Parses a snapshot file's bytes.
  ///
  /// - Throws: `InputError` naming `file:line` for a line without three fields or an
  ///   identity listed twice.
  public init(parsing bytes: [UInt8], file: String) throws(InputError) {
    var errors: [Diagnostic] = []
    for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      .enumerated()
    {
      line.withUnsafeBufferPointer { add($0, number: number + 1, file: file, errors: &errors) }
    }
    guard errors.isEmpty else { throw InputError(errors) }
  }

  /// One line of a snapshot file (without its newline).
  private mutating func add(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, file: String, errors: inout [Diagnostic]
  ) {
    let location = SourceLocation(file: file, line: number)
    switch Self.parse(line) {
    case .ignored: return
    case .malformed: errors.append(Self.malformed(at: location))
    case .entry(let identity, let entry):
      guard store.insert(identity.utf8, entry) else {
        errors.append(Self.listedTwice(identity, at: location))
        return
      }
    }
  }

  /// What one line of a snapshot file holds.
  enum Line {
    /// A comment or a blank line.
    case ignored
    /// Not three fields, or an empty identity or outcome.
    case malformed
    /// The identity as the file holds it (escaped), decoded as UTF-8 (bytes that are
    /// not become U+FFFD), and its entry.
    case entry(identity: String, entry: Entry)
  }

  /// Parses one line (without its newline; a `\r` before it is dropped).
  static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Line {
    var line = line[...]
    if line.last == 0x0D { line = line.dropLast() }
    if line.isEmpty || line.first == UInt8(ascii: "#") { return .ignored }
    let fields = line.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
    guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else { return .malformed }
    let entry = Entry(
      outcome: String(decoding: fields[1], as: UTF8.self),
      label: String(decoding: fields[2], as: UTF8.self))
    // Decoded first, as identities always were (invalid UTF-8 becomes U+FFFD).
    return .entry(identity: String(decoding: fields[0], as: UTF8.self), entry: entry)
  }

  static func malformed(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, at: location,
      "expected identity<TAB>outcome<TAB>label (write the snapshot with --update)")
  }

  static func listedTwice(_ identity: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, at: location, "record \(TerminalSafe.escape(identity)) is listed twice")
  }

  /// The snapshot file's text: the header, then the entries sorted by identity (bytes).
  public static func text(_ entries: [(identity: String, entry: Entry)]) -> String {
    var out = header + "\n"
    let sorted = entries.sorted {
      $0.identity.utf8.lexicographicallyPrecedes($1.identity.utf8)
    }
    for (identity, entry) in sorted {
      out += RecordPrinter.tsvRow(identity: identity, entry: entry)
    }
    return out
  }

  /// Removes and returns the entry for `identity`, a record's identity as
  /// `RecordIdentity` gives it (the file holds it escaped, as `text` writes it).
  public mutating func take(_ identity: String) -> Entry? {
    store.take(TerminalSafe.escape(identity))
  }
}

/// What moved between a snapshot and the labels a rule list gives now, grouped by
/// (from, to, rule now responsible).
public struct SnapshotComparison: Sendable {
  public struct Key: Hashable, Sendable {
    /// The snapshot's entry, shown: a label, `(timed out)`, or `(not in snapshot)`.
    public var from: String
    /// The entry now, shown: a label, `(timed out)`, or `(not in corpus)`.
    public var to: String
    /// The rule responsible for the new label (`file:line`), if a rule matched.
    public var rule: String?

    public init(from: String, to: String, rule: String?) {
      self.from = from
      self.to = to
      self.rule = rule
    }
  }

  public struct Move: Sendable {
    public var key: Key
    public var count = 0
    /// A few records that moved: identity, corpus line and banner (no line or banner
    /// for a snapshot record the corpus lacks).
    public var examples: [(identity: String, source: SourceLocation?, banner: [UInt8]?)] = []
  }

  public static let notInSnapshot = "(not in snapshot)"
  public static let notInCorpus = "(not in corpus)"

  public let examples: Int
  public private(set) var records = 0
  /// Records of the corpus that moved, plus snapshot records the corpus lacks.
  public private(set) var moved = 0
  /// Snapshot records the corpus lacks (counted in `moved` too).
  public private(set) var missing = 0
  private var moves: [Key: Move] = [:]

  public init(examples: Int = 3) { self.examples = examples }

  /// The comparison a merge of a sorted snapshot with the corpus's sorted entries found
  /// (`SnapshotJoin`): each move counted, its examples those `add` and `finish` would
  /// have noted.
  init(examples: Int, records: Int, missing: Int, moves: [Move]) {
    self.examples = examples
    self.records = records
    self.missing = missing
    self.moved = moves.reduce(0) { $0 + $1.count }
    self.moves = Dictionary(uniqueKeysWithValues: moves.map { ($0.key, $0) })
  }

  /// Compares one record of the corpus with the snapshot's entry (removed from it).
  public mutating func add(
    identity: String, now: Snapshot.Entry, rule: String?, record: CorpusRecord,
    expected: Snapshot.Entry?
  ) {
    records += 1
    guard expected != now else { return }
    note(
      Key(from: expected?.display ?? Self.notInSnapshot, to: now.display, rule: rule),
      identity: identity, source: record.source, banner: record.banner)
  }

  /// Counts the snapshot's entries that no record of the corpus had.
  public mutating func finish(leftover snapshot: Snapshot) {
    for (identity, entry) in snapshot.leftovers.sorted(by: { $0.identity < $1.identity }) {
      missing += 1
      note(
        Key(from: entry.display, to: Self.notInCorpus, rule: nil), identity: identity,
        source: nil, banner: nil)
    }
  }

  private mutating func note(
    _ key: Key, identity: String, source: SourceLocation?, banner: [UInt8]?
  ) {
    moved += 1
    var move = moves[key] ?? Move(key: key)
    move.count += 1
    if move.examples.count < examples {
      move.examples.append(
        (identity, source, banner.map { Array($0.prefix(BannerExample.storedBytes)) }))
    }
    moves[key] = move
  }

  /// The moves, largest first, then by from and to label.
  public var sortedMoves: [Move] {
    moves.values.sorted {
      if $0.count != $1.count { return $0.count > $1.count }
      return ($0.key.from, $0.key.to, $0.key.rule ?? "") < (
        $1.key.from, $1.key.to, $1.key.rule ?? ""
      )
    }
  }
}
