import BannersCore

/// A set of addresses given as addresses and CIDR blocks (an `--exclude` list), kept as
/// sorted, merged intervals: memory grows with the lines of the list, not the
/// addresses it covers, and a lookup is a binary search.
public struct AddressSet: Sendable {
  private var intervals: [(first: IPAddress, last: IPAddress)] = []

  public init() {}

  /// The set of `ranges` (their ports are ignored: an excluded address is never
  /// contacted, on any port).
  public init(_ ranges: [TargetRange]) {
    let sorted = ranges.map { (first: $0.first, last: $0.last) }.sorted { $0.first < $1.first }
    for range in sorted {
      if let previous = intervals.last, previous.last.family == range.first.family,
        previous.last.value == .max || previous.last.value + 1 >= range.first.value
      {
        if previous.last < range.last { intervals[intervals.count - 1].last = range.last }
      } else {
        intervals.append(range)
      }
    }
  }

  /// Reads a list in the target-list syntax.
  ///
  /// - Throws: `InputError` naming every bad line (`file:line: error: ...`).
  public init(contentsOf path: String) throws(InputError) {
    var ranges: [TargetRange] = []
    var errors: [Diagnostic] = []
    try TargetListReader.forEachLine(path: path) { line, number in
      do throws(TargetSyntaxError) {
        if let range = try TargetRange.parse(line) { ranges.append(range) }
      } catch {
        errors.append(
          Diagnostic(.error, at: SourceLocation(file: path, line: number), error.message))
      }
    }
    guard errors.isEmpty else { throw InputError(errors) }
    self.init(ranges)
  }

  public var isEmpty: Bool { intervals.isEmpty }

  public func contains(_ address: IPAddress) -> Bool {
    // The last interval whose first address is <= address.
    var low = 0
    var high = intervals.count
    while low < high {
      let middle = (low + high) / 2
      if address < intervals[middle].first { high = middle } else { low = middle + 1 }
    }
    guard low > 0 else { return false }
    let candidate = intervals[low - 1]
    return candidate.first.family == address.family && address.value <= candidate.last.value
  }
}
