/// The records of several corpora in order, one file open at a time, in constant memory.
///
/// With `skipBad`, a malformed line is handed to `onBadLine` and counted, then skipped;
/// without it, the first one is thrown. Either way nothing is skipped silently.
public struct CorpusStream {
  private var pending: [String]
  private let format: CorpusFormat
  private let skipBad: Bool
  private let onBadLine: (InputError) -> Void
  private var reader: CorpusReader?
  /// Malformed lines skipped so far (only with `skipBad`).
  public private(set) var badLines = 0
  /// Ends the current input early while it waits on a quiet pipe (Ctrl-C).
  public var stopWaiting: (() -> Bool)?
  /// The file being read, for progress displays.
  public var currentFile: String { reader?.displayName ?? "" }

  public init(
    paths: [String], format: CorpusFormat = .auto, skipBad: Bool = false,
    onBadLine: @escaping (InputError) -> Void = { _ in }
  ) {
    self.pending = paths.reversed()
    self.format = format
    self.skipBad = skipBad
    self.onBadLine = onBadLine
  }

  /// The next record of any file, or nil when every file is read.
  ///
  /// - Throws: `InputError` for a file that cannot be read, or (without `skipBad`) a
  ///   malformed line.
  public mutating func next() throws(InputError) -> CorpusRecord? {
    while true {
      if reader == nil {
        guard let path = pending.popLast() else { return nil }
        reader = try CorpusReader(path: path, format: format)
        reader?.stopWaiting = stopWaiting
      }
      do {
        if let record = try reader!.next() { return record }
        reader = nil
      } catch {
        let isReadError = error.diagnostics.first?.message.hasPrefix("cannot read") ?? false
        guard skipBad, !isReadError else { throw error }
        badLines += 1
        onBadLine(error)
      }
    }
  }
}
