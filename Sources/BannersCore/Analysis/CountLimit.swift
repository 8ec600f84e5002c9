/// The largest count `banners merge` adds up: 2^53 - 1, the largest integer that every
/// JSON reader keeps exact (JavaScript's and jq's numbers are doubles; RFC 8259 calls
/// integers beyond it not interoperable). It is nine quadrillion records, far beyond any
/// survey, so a count or a sum past it comes from a corrupted or hostile file (a
/// tally, partial or check that travelled): the merge says so, naming the file and the
/// line, rather than printing a number other readers would round, or trapping on an
/// `Int` overflow. Checking every count against it also bounds every sum a report
/// prints (`CorpusReport.countPastLimit`).
enum CountLimit {
  static let maximum = (1 << 53) - 1

  /// What a count or sum past `maximum` is called in an error.
  static let past = "past 2^53-1 (9007199254740991), the largest count a merge adds up"

  /// `a + b` when it is `maximum` or less (for `a` and `b` of 0 or more), else nil.
  static func sum(_ a: Int, _ b: Int) -> Int? {
    let (total, overflow) = a.addingReportingOverflow(b)
    return overflow || total > maximum ? nil : total
  }

  /// The sum of `counts` (each 0 or more) when it is `maximum` or less, else nil.
  static func total<S: Sequence>(_ counts: S) -> Int? where S.Element == Int {
    var total = 0
    for count in counts {
      guard let next = sum(total, count) else { return nil }
      total = next
    }
    return total
  }

  /// True for a non-negative JSON integer past `maximum` (or past `Int`): a count no
  /// merge adds. Other numbers (negative, fractions) are left to the members' readers.
  static func isPast(_ value: JSONObjectParser.Value) -> Bool {
    guard case .number(let digits) = value,
      digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return false }
    guard let number = Int(String(decoding: digits, as: UTF8.self)) else { return true }
    return number > maximum
  }
}
