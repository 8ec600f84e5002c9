/// Where a printer streams text as a scan goes (standard output, a buffer in tests).
/// Tables are printed whole at the end and need no sink; per-record output does.
public protocol TextSink: AnyObject {
  func write(_ text: String)
  /// UTF-8 text as bytes, valid only during the call: per-record printers build lines
  /// as bytes, and a sink that buffers bytes takes them without a `String` between.
  func write(bytes: UnsafeBufferPointer<UInt8>)
}

extension TextSink {
  public func write(bytes: UnsafeBufferPointer<UInt8>) {
    write(String(decoding: bytes, as: UTF8.self))
  }
}

/// Collects what is written, for tests and callers that want the text.
public final class TextBuffer: TextSink {
  public private(set) var text = ""
  public init() {}
  public func write(_ text: String) { self.text += text }
}
