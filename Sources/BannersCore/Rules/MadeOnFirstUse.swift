import Synchronization

/// A value made the first time any thread asks for it, then shared: for parts of a
/// `RuleList` that most runs never use, so that loading a list does not pay for them.
final class MadeOnFirstUse<Value: Sendable>: Sendable {
  private let make: @Sendable () -> Value
  private let made = Mutex<Value?>(nil)

  init(_ make: @escaping @Sendable () -> Value) { self.make = make }

  /// The value, made now if no thread has asked before (under a lock: made once).
  var value: Value {
    made.withLock { made in
      if let made { return made }
      let value = make()
      made = value
      return value
    }
  }
}
