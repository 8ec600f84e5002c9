/// A place in an input file: a rule file or a corpus.
///
/// Lines and columns are 1-based; columns count bytes, as compilers and `grep -b` do,
/// so a column is right whatever the file's encoding. A column of 0 means "the whole
/// line" (a corpus line that is not JSON has no better column to name).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, or `file:line` when there is no column, or `file` alone when
  /// there is no line either (a file that cannot be opened).
  ///
  ///     SourceLocation(file: "rules/smtp-1998.rules", line: 12, column: 3).description
  ///     // "rules/smtp-1998.rules:12:3"
  public var description: String {
    if line <= 0 { return file }
    return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
  }
}
