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

  public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Thrown when an input file has errors; carries every diagnostic found, not just the
/// first, so a user fixes a rule file in one pass.
public struct InputError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  public init(_ location: SourceLocation, _ message: String) {
    self.diagnostics = [Diagnostic(.error, at: location, message)]
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
