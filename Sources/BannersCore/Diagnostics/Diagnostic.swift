/// One finding about an input file, printed compiler-style:
/// `file:line:col: error|warning: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Hashable, Sendable {
    case error
    case warning
    case note
  }

  public var severity: Severity
  public var location: SourceLocation
  public var message: String
  /// The lint check that found it (`[unreachable]`), nil where no check applies (a
  /// corpus line that is not JSON).
  public var check: LintCheck?
  /// Line numbers of the earlier rules responsible (an unreachable rule's cover, the
  /// first rule of a duplicate or an order-sensitive pair).
  public var coveredBy: [Int] = []
  /// A banner that shows the claim: one the rule wins, or one two rules both match.
  public var witness: [UInt8]?
  /// A banner on which the rule's backtracking was checked to blow up.
  public var attack: [UInt8]?

  public init(
    _ severity: Severity, at location: SourceLocation, _ message: String,
    check: LintCheck? = nil
  ) {
    self.severity = severity
    self.location = location
    self.message = message
    self.check = check
  }

  /// `file:line:col: severity: message`, and ` [check]` when a check found it.
  public var description: String {
    "\(location): \(severity.rawValue): \(message)" + (check.map { " [\($0.rawValue)]" } ?? "")
  }
}

/// Thrown when an input file has errors; carries every diagnostic found, not just the
/// first, so a user fixes a rule file in one pass.
public struct InputError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, so callers decide without reading the message.
  public enum Kind: Sendable, Hashable {
    /// The file cannot be opened or read: nothing after this point can be read either.
    case unreadable
    /// One line is not a valid record (or is too long); the lines after it can be read,
    /// so `--skip-bad` skips it.
    case badLine
    /// The content is wrong as a whole (rule file errors, a malformed snapshot).
    case invalid
  }

  public var kind: Kind
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic], kind: Kind = .invalid) {
    self.kind = kind
    self.diagnostics = diagnostics
  }

  public init(_ location: SourceLocation, _ message: String, kind: Kind = .invalid) {
    self.kind = kind
    self.diagnostics = [Diagnostic(.error, at: location, message)]
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
