#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One input of `banners merge` (a tally, report partials and checks) or the partial of
/// `report --check`, read a line at a time: a file or standard input through
/// `LineReader`, or bytes already in memory. Only the current line is held, never the
/// file, so a merge holds what it keeps (the counters, the residue shapes of the
/// partial being read and the merged ones, a few examples), whatever its inputs' size.
///
///     var input = try MergeInput(path: "1.partial")
///     try merge.add(&input)           // ReportMerge or TallyMerge, object by object
///
/// Blank lines (spaces and `\r` only) are passed over; every other line is parsed as a
/// flat JSON object (`FlatJSONObject.members`) and handed on with its number, or with
/// why it is not one.
public struct MergeInput {
  /// The name errors give the input: its path, `<stdin>` for `-`.
  public let file: String
  /// The path as given (`-` for standard input): what a read error names.
  private let path: String
  private var memory: ByteLines?
  private var reader: LineReader?
  private var memoryLine = 0
  /// Bytes read so far, line ends included (`ReportMerge.fileLimit` bounds them).
  private var consumed = 0
  /// A line read ahead by `startsWithReportOutput()`, handed out first.
  private var pending: Line?
  /// Lines taken from the reader's buffer at once (`batchSize` at most), handed out in
  /// turn from `batchIndex`: memory holds no more than the buffer's lines.
  private var batch: [Line] = []
  private var batchIndex = 0
  private static let batchSize = 64

  /// One non-blank line: its number (1-based), and its members or why it is no object.
  struct Line {
    var number: Int
    var members: Result<[String: JSONObjectParser.Value], JSONObjectParser.Failure>
  }

  /// The longest line read: the header of a partial carries its rule file (at most
  /// `FileBytes.ruleFileLimit`) as JSON text, at most six bytes a byte (`\u0000`), and
  /// every other line is shorter (an example's banner comes from a corpus line of at
  /// most 16 MiB). A longer line is an error, not a buffer that grows with the file.
  static let lineLimit = 6 * FileBytes.ruleFileLimit + (64 << 10)

  /// Opens `path` (`-`: standard input), named `name` in errors (by default the path,
  /// `<stdin>` for `-`).
  ///
  /// - Throws: `InputError` (`.unreadable`) naming the path when it cannot be opened.
  public init(path: String, name: String? = nil) throws(InputError) {
    self.path = path
    file = name ?? (path == "-" ? "<stdin>" : path)
    reader = try Self.open(path)
  }

  /// `bytes`, named `file` in errors.
  public init(bytes: [UInt8], file: String) {
    path = file
    self.file = file
    memory = ByteLines(bytes)
  }

  /// True when the input starts with a `report --partial` or `report --check` output
  /// (its first non-blank line is an object of type `report_partial` or
  /// `report_check`); anything else is left to the tally merge. The line is read again
  /// by `next()`. A regular file is closed until then, to be read again from its start
  /// (a merge of many parts holds one open file and one buffer at a time); a pipe or
  /// standard input stays open, its line kept.
  public mutating func startsWithReportOutput() throws(InputError) -> Bool {
    let first = try next()
    var type: String?
    if case .success(let members)? = first?.members,
      case .string(let bytes)? = members["type"]
    {
      type = String(decoding: bytes, as: UTF8.self)
    }
    // Standard input is not opened again: its offset moved on with the first read.
    if let reader, reader.isRegularFile, path != "-" {
      self.reader = nil
      (consumed, batch, batchIndex) = (0, [], 0)
    } else {
      pending = first
    }
    return type == "report_partial" || type == "report_check"
  }

  /// The next non-blank line, or nil at the end of the input.
  ///
  /// - Throws: `InputError` when the input cannot be read, is longer than
  ///   `ReportMerge.fileLimit` or holds a line longer than `lineLimit`: nothing more of
  ///   it can be read.
  mutating func next() throws(InputError) -> Line? {
    if let line = pending {
      pending = nil
      return line
    }
    while true {
      let line: Line??
      if memory != nil {
        guard let bytes = memory!.next() else { return nil }
        memoryLine += 1
        let number = memoryLine
        line = bytes.withUnsafeBufferPointer { Self.line(number, $0) }
      } else {
        line = try nextFromReader()
      }
      guard let line else { return nil }
      if let line { return line }
    }
  }

  /// The next line of the file: nil at its end, `.some(nil)` for blank lines.
  private mutating func nextFromReader() throws(InputError) -> Line?? {
    if batchIndex < batch.count {
      defer { batchIndex += 1 }
      return batch[batchIndex]
    }
    if reader == nil { reader = try Self.open(path) }
    let reader = reader!
    // The whole lines already read, a batch at a time: a line costs no call of its own
    // (100 MB of empty lines took 4.6 s of CPU one `withNextLine` at a time, 0.56 s
    // so; release build).
    var lines: [Line] = []
    var number = reader.lineNumber
    var length = 0
    let taken = reader.takeBufferedLines(upTo: Self.batchSize) { buffer in
      number += 1
      length += buffer.count + 1
      if let line = Self.line(number, buffer) { lines.append(line) }
    }
    if taken > 0 {
      try count(length)
      (batch, batchIndex) = (lines, 0)
      return .some(nil)
    }
    // A line not whole in the buffer, too long, or the last one without a newline.
    let line: Line??
    do {
      line = try reader.withNextLine { buffer in
        length = buffer.count + 1
        return Self.line(reader.lineNumber + 1, buffer)
      }
    } catch let error as LineReader.LineTooLong {
      throw InputError(
        SourceLocation(file: file, line: error.line),
        "a line longer than \(error.limit) bytes: no output of 'classify --tally --json', 'report --partial' or 'report --check' has one"
      )
    } catch {
      throw Self.unreadable(path, error)
    }
    try count(length)
    return line
  }

  /// Counts `length` more bytes read: past `ReportMerge.fileLimit`, an error.
  private mutating func count(_ length: Int) throws(InputError) {
    consumed += length
    if consumed > ReportMerge.fileLimit {
      throw Self.unreadable(
        path,
        SystemError(
          errno: EFBIG, operation: "read", message: "longer than \(ReportMerge.fileLimit) bytes"))
    }
  }

  /// Line `number`, parsed; nil when it is blank.
  private static func line(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Line? {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return nil }
    do throws(JSONObjectParser.Failure) {
      return Line(number: number, members: .success(try FlatJSONObject.members(in: bytes)))
    } catch {
      return Line(number: number, members: .failure(error))
    }
  }

  private static func open(_ path: String) throws(InputError) -> LineReader {
    do {
      return try LineReader(path: path, maximumLineLength: lineLimit)
    } catch {
      throw unreadable(path, error)
    }
  }

  private static func unreadable(_ path: String, _ error: any Error) -> InputError {
    InputError(SourceLocation(file: path, line: 0), "cannot read: \(error)", kind: .unreadable)
  }
}
