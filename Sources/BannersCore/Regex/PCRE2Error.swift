/// An error PCRE2 reported: a pattern that does not compile (with the byte offset in
/// the translated pattern) or a match that gave up (a resource limit).
struct PCRE2Error: Error, Sendable, CustomStringConvertible {
  var code: Int32
  /// Byte offset into the pattern PCRE2 compiled; nil for match-time errors.
  var offset: Int?

  var message: String { Self.message(for: code) }
  var description: String { message }
}
