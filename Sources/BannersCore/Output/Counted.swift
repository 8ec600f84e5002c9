/// "1 record", "2 records": a count with its noun, singular or plural as English wants.
///
///     counted(1, "record")                  // "1 record"
///     counted(197, "successful connection") // "197 successful connections"
public func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
  "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
}
