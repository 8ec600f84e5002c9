import BannersCore

/// Reads target lists line by line.
public enum TargetListReader {
  /// The longest target line read: an address, a block, a port and a comment fit in
  /// far less, and a list named by mistake (`/dev/zero`, a corpus) fails at once.
  public static let maximumLineLength = 64 << 10

  /// Calls `body` with each line (without its newline) and its 1-based number.
  ///
  /// - Throws: `InputError` when the file cannot be opened or read.
  public static func forEachLine(path: String, _ body: (String, Int) -> Void) throws(InputError) {
    let name = path == "-" ? "<stdin>" : path
    let reader: LineReader
    do {
      reader = try LineReader(path: path, maximumLineLength: maximumLineLength)
    } catch {
      throw InputError(
        SourceLocation(file: name, line: 0), "cannot read target list: \(error)",
        kind: .unreadable)
    }
    while true {
      do {
        guard let line = try reader.nextLine() else { return }
        body(String(decoding: line, as: UTF8.self), reader.lineNumber)
      } catch {
        throw InputError(
          SourceLocation(file: name, line: reader.lineNumber + 1),
          "cannot read target list: \(error)")
      }
    }
  }
}
