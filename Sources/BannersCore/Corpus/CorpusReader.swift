#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Streams the records of one corpus file, JSON Lines or plain text, in constant
/// memory.
///
///     let reader = try CorpusReader(path: "corpus/smtp-1998-sample.jsonl")
///     while let record = try reader.next() { ... }
///
/// A malformed line throws an `InputError` naming `file:line:column`; the reader stays
/// usable, and the next call continues with the following line (that is how
/// `--skip-bad` counts bad lines instead of stopping).
public final class CorpusReader {
  public let path: String
  private let lines: LineReader
  private var format: CorpusFormat
  /// A read error met after some lines of a batch: thrown by the next call, so the lines
  /// before it are processed first.
  private var pendingError: InputError?
  /// Average line length of the last batch, to size the next (`nextRawLines`).
  private var bytesPerLine = 0
  /// Batches handed back when done (`recycle`), whose memory the next ones reuse.
  private var spareBatches: [RawCorpusLines] = []

  /// The longest corpus line read, 16 MiB: a bound on memory. What `banners record`
  /// writes stays under it.
  public static let maximumLineLength = CorpusRecord.maximumLineLength

  /// Opens `path` (`-` for standard input).
  public init(
    path: String, format: CorpusFormat = .auto, maximumLineLength: Int = maximumLineLength
  ) throws(InputError) {
    self.path = path
    self.format = format
    do {
      lines = try LineReader(path: path, maximumLineLength: maximumLineLength)
    } catch {
      throw InputError(
        SourceLocation(file: path, line: 0), "cannot read corpus: \(error)",
        kind: .unreadable)
    }
  }

  /// Checks that `path` can be read, before any corpus is: opens and closes it, except
  /// a FIFO, whose writer would see its reader go away (EPIPE) if we opened and closed
  /// it now; for a FIFO, read permission is checked instead.
  ///
  /// - Throws: `InputError` naming the file, as `init` does.
  public static func checkReadable(path: String) throws(InputError) {
    var info = stat()
    if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO {
      guard access(path, R_OK) == 0 else {
        throw InputError(
          SourceLocation(file: path, line: 0),
          "cannot read corpus: \(SystemError(errno: errno, operation: "open"))")
      }
      return
    }
    _ = try CorpusReader(path: path)
  }

  /// The name used in diagnostics: `<stdin>` for `-`.
  public var displayName: String { path == "-" ? "<stdin>" : path }

  /// True for a regular file: reading it again gives the same lines (a FIFO's would be
  /// gone, and a terminal's would wait).
  var isRegularFile: Bool { lines.isRegularFile }

  /// The next record, or nil at the end of the file.
  ///
  /// - Throws: `InputError` for a line that is not a valid record, or a read error.
  public func next() throws(InputError) -> CorpusRecord? {
    while true {
      let parsed: Result<CorpusRecord?, InputError>?
      do {
        parsed = try lines.withNextLine { line -> Result<CorpusRecord?, InputError> in
          let location = SourceLocation(file: displayName, line: lines.lineNumber + 1)
          return Result { () throws(InputError) in try parse(line, at: location) }
        }
      } catch let error as LineReader.LineTooLong {
        throw tooLong(error)
      } catch {
        throw readError(error)
      }
      guard let parsed else { return nil }
      if let record = try parsed.get() { return record }
    }
  }

  /// Ends the input early while it waits on a quiet pipe (`LineReader.stopWaiting`).
  public var stopWaiting: (() -> Bool)? {
    get { lines.stopWaiting }
    set { lines.stopWaiting = newValue }
  }

  /// True when the next line would have to wait for a quiet pipe (`LineReader.wouldBlock`).
  var wouldBlock: Bool { lines.wouldBlock }

  /// The next lines as raw bytes, up to `maximumCount`, for parsing elsewhere (in
  /// parallel); nil at the end of the file. Blank JSONL lines are kept and parse to nil;
  /// a line over the length limit keeps its place and fails as a bad line when parsed.
  /// Stops early where a pipe goes quiet, so a live stream is handed on as it comes.
  ///
  /// - Throws: `InputError` of kind `.unreadable` when the file cannot be read on; the
  ///   lines read before the failure come first, and the error with the next call.
  public func nextRawLines(upTo maximumCount: Int) throws(InputError) -> RawCorpusLines? {
    if let error = pendingError {
      pendingError = nil
      throw error
    }
    var batch: RawCorpusLines
    if var spare = spareBatches.popLast() {
      spare.reuse(file: displayName, format: format, firstLine: lines.lineNumber + 1)
      batch = spare
    } else {
      batch = RawCorpusLines(file: displayName, format: format, firstLine: lines.lineNumber + 1)
    }
    // Sized like the previous batch, an eighth more (corpus lines vary little in length),
    // up to 4 MiB (a batch of longer lines grows as it fills).
    batch.reserveCapacity(
      lines: maximumCount, bytes: min(bytesPerLine * maximumCount / 8 * 9, 4 << 20))
    do {
      while batch.count < maximumCount, batch.count == 0 || !lines.wouldBlock {
        if format != .auto
          && lines.takeBufferedLines(upTo: maximumCount - batch.count, { batch.append($0) }) > 0
        {
          continue
        }
        do {
          let more = try lines.withNextLine { line -> Bool in
            if format == .auto {
              format = format.resolved(path: path, firstLine: line)
              batch.format = format
            }
            batch.append(line)
            return true
          }
          if more == nil { break }
        } catch let error as LineReader.LineTooLong {
          batch.appendTooLong(tooLong(error))
        }
      }
    } catch {
      guard batch.count > 0 else { throw readError(error) }
      pendingError = readError(error)
    }
    if batch.count > 0 { bytesPerLine = batch.byteCount / batch.count + 1 }
    return batch.count > 0 ? batch : nil
  }

  /// Takes back a batch from `nextRawLines` that is done with, for its memory. A batch
  /// holds at most 4 MiB unless its lines are longer; one of longer lines is let go.
  func recycle(_ batch: consuming RawCorpusLines) {
    guard spareBatches.count < 64, batch.byteCount <= 4 << 20 else { return }
    spareBatches.append(batch)
  }

  private func tooLong(_ error: LineReader.LineTooLong) -> InputError {
    InputError(
      SourceLocation(file: displayName, line: error.line),
      "corpus line is longer than \(error.limit) bytes (the limit of every corpus reader)",
      kind: .badLine)
  }

  private func readError(_ error: any Error) -> InputError {
    InputError(
      SourceLocation(file: displayName, line: lines.lineNumber + 1), "cannot read corpus: \(error)",
      kind: .unreadable)
  }

  private func parse(_ line: UnsafeBufferPointer<UInt8>, at location: SourceLocation)
    throws(InputError) -> CorpusRecord?
  {
    if format == .auto { format = format.resolved(path: path, firstLine: line) }
    return try Self.parse(line, format: format, at: location)
  }

  /// One corpus line as a record; nil for a blank JSONL line or a scanner-output line
  /// that holds no banner (masscan's port-status lines).
  ///
  /// - Throws: `InputError` naming `location` (and the column, for JSON syntax).
  static func parse(
    _ line: UnsafeBufferPointer<UInt8>, format: CorpusFormat, at location: SourceLocation
  ) throws(InputError) -> CorpusRecord? {
    switch format {
    case .text:
      return CorpusRecord(outcome: .ok, banner: PlainTextBanner.unescape(line), source: location)
    case .jsonl, .auto:
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
      return try record(fromJSON: line, at: location)
    case .zgrab2: return try ZGrab2Record.record(line, at: location)
    case .masscanJSON: return try MasscanRecord.jsonRecord(line, at: location)
    case .masscanList: return try MasscanRecord.listRecord(line, at: location)
    }
  }

  /// One JSON Lines record: the fast path for the plain shape (`JSONRecordFastPath`),
  /// the full parser for everything else, errors included.
  static func record(fromJSON line: UnsafeBufferPointer<UInt8>, at location: SourceLocation)
    throws(InputError)
    -> CorpusRecord
  {
    if let record = JSONRecordFastPath.record(line, at: location) { return record }
    return try fullRecord(fromJSON: line, at: location)
  }

  /// One JSON Lines record by the full parser (`JSONObjectParser`): any member order,
  /// whitespace, escapes and `banner_b64`; the error, with its column, for a bad line.
  static func fullRecord(fromJSON line: UnsafeBufferPointer<UInt8>, at location: SourceLocation)
    throws(InputError)
    -> CorpusRecord
  {
    var record = CorpusRecord(outcome: .ok, source: location)
    var outcome: String?
    var bannerText: [UInt8]?
    var bannerBase64: [UInt8]?
    var wrongType: String?
    func bad(_ message: String) -> InputError { InputError(location, message, kind: .badLine) }
    do {
      try JSONObjectParser.parse(line) { key, value in
        switch (String(decoding: key, as: UTF8.self), value) {
        case ("addr", .string(let text)): record.address = String(decoding: text, as: UTF8.self)
        case ("addr", .null): record.address = nil
        case ("port", .number(let digits)):
          if let port = Int(String(decoding: digits, as: UTF8.self)), (0...65535).contains(port) {
            record.port = port
          } else {
            wrongType = wrongType ?? "\"port\" must be an integer from 0 to 65535"
          }
        case ("port", .null): record.port = nil
        case ("time", .string(let text)): record.time = String(decoding: text, as: UTF8.self)
        case ("time", .null): record.time = nil
        case ("outcome", .string(let text)): outcome = String(decoding: text, as: UTF8.self)
        case ("banner", .string(let bytes)): bannerText = bytes
        case ("banner_b64", .string(let text)): bannerBase64 = text
        case ("addr", _), ("time", _), ("outcome", _), ("banner", _), ("banner_b64", _):
          wrongType = wrongType ?? "\"\(String(decoding: key, as: UTF8.self))\" must be a string"
        case ("port", _): wrongType = wrongType ?? "\"port\" must be an integer from 0 to 65535"
        default: break  // unknown members are kept for other tools, ignored here
        }
      }
    } catch {
      var at = location
      at.column = error.offset + 1
      throw InputError(at, "not a corpus record: \(error.message)", kind: .badLine)
    }
    if let wrongType { throw bad(wrongType) }
    guard let outcome, !outcome.isEmpty else {
      throw bad("record has no \"outcome\" (\"ok\" or a failure reason such as \"timed out\")")
    }
    record.outcome = Outcome(outcome)
    switch (bannerText, bannerBase64) {
    case (let text?, nil): record.banner = text
    case (nil, let encoded?):
      guard let bytes = Base64.decode(encoded) else {
        throw bad("\"banner_b64\" is not valid base64")
      }
      record.banner = bytes
    case (_?, _?): throw bad("record has both \"banner\" and \"banner_b64\"; keep one")
    case (nil, nil):
      if record.outcome == .ok {
        throw bad("record with outcome \"ok\" has no \"banner\" or \"banner_b64\"")
      }
    }
    return record
  }
}
