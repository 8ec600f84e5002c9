/// Where a printer streams text as a scan goes (standard output, a buffer in tests).
/// Tables are printed whole at the end and need no sink; per-record output does.
public protocol TextSink: AnyObject {
  func write(_ text: String)
}

/// Collects what is written, for tests and callers that want the text.
public final class TextBuffer: TextSink {
  public private(set) var text = ""
  public init() {}
  public func write(_ text: String) { self.text += text }
}
