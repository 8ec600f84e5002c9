import BannersCore

/// The targets of a list, one at a time, after `TargetSelection`: streamed from the
/// file (a /8 block is 16 million targets and never 16 million entries in memory), or
/// computed index by index from the list's intervals when shuffling or sampling.
///
/// A bad line goes to `onBadLine` (with file and line) and is skipped; the caller
/// decides the exit status, so one typo does not stop a day-long run.
public final class TargetIterator: IteratorProtocol {
  private enum Source {
    case streaming(LineReader)
    case indexed(ranges: [TargetRange], ends: [UInt64], order: Order)
  }

  private enum Order {
    case permutation(IndexPermutation, limit: UInt64)
    case sorted([UInt64])
  }

  private let selection: TargetSelection
  private let displayName: String
  private let onBadLine: (Diagnostic) -> Void
  private var source: Source
  private var currentRange: TargetRange?
  private var offset: UInt128 = 0
  private var position: UInt64 = 0

  /// Opens `path` (`-`: standard input).
  ///
  /// - Throws: `InputError` when it cannot be read, or when a shuffle or sample covers
  ///   more than 2^62 targets.
  public init(
    path: String, selection: TargetSelection, onBadLine: @escaping (Diagnostic) -> Void
  ) throws(InputError) {
    self.selection = selection
    self.displayName = path == "-" ? "<stdin>" : path
    self.onBadLine = onBadLine
    guard selection.needsWholeList else {
      do {
        source = .streaming(
          try LineReader(path: path, maximumLineLength: TargetListReader.maximumLineLength))
      } catch {
        throw InputError(
          SourceLocation(file: displayName, line: 0), "cannot read target list: \(error)")
      }
      return
    }
    var ranges: [TargetRange] = []
    let name = displayName
    try TargetListReader.forEachLine(path: path) { line, number in
      do throws(TargetSyntaxError) {
        guard let range = try TargetRange.parse(line) else { return }
        // Merge a run of consecutive single addresses, as a sorted list often is.
        if let previous = ranges.last, range.first == range.last, previous.port == range.port,
          previous.last.family == range.first.family, previous.last.value != .max,
          previous.last.value + 1 == range.first.value
        {
          ranges[ranges.count - 1].last = range.last
        } else {
          ranges.append(range)
        }
      } catch {
        onBadLine(Diagnostic(.error, at: SourceLocation(file: name, line: number), error.message))
      }
    }
    var ends: [UInt64] = []
    var total: UInt128 = 0
    for range in ranges {
      total = total.addingReportingOverflow(range.count).partialValue
      guard total <= UInt128(1) << 62, range.count != .max else {
        throw InputError(
          SourceLocation(file: displayName, line: 0),
          "too many targets to shuffle or sample (more than 2^62); split the list")
      }
      ends.append(UInt64(total))
    }
    let count = UInt64(total)
    let permutation = IndexPermutation(count: count, seed: selection.seed)
    let limit = min(selection.sample ?? count, count)
    if selection.shuffle {
      source = .indexed(ranges: ranges, ends: ends, order: .permutation(permutation, limit: limit))
    } else {
      // A sample in list order: the first `limit` of a random permutation, sorted.
      let picked = (0..<limit).map { permutation.index(at: $0) }.sorted()
      source = .indexed(ranges: ranges, ends: ends, order: .sorted(picked))
    }
  }

  public func next() -> Target? {
    while let target = nextUnsharded() {
      if let shard = selection.shard, !shard.contains(target) { continue }
      return target
    }
    return nil
  }

  private func nextUnsharded() -> Target? {
    switch source {
    case .streaming(let reader):
      while true {
        if let range = currentRange {
          if offset < range.count {
            defer { offset += 1 }
            return Target(
              address: range.address(at: offset), port: range.port ?? selection.defaultPort)
          }
          // A full IPv6 /0 is one address short of 2^128; nobody probes it anyway.
          currentRange = nil
        }
        guard let range = nextRange(reader) else { return nil }
        currentRange = range
        offset = 0
      }
    case .indexed(let ranges, let ends, let order):
      let index: UInt64
      switch order {
      case .permutation(let permutation, let limit):
        guard position < limit else { return nil }
        index = permutation.index(at: position)
      case .sorted(let picked):
        guard position < picked.count else { return nil }
        index = picked[Int(position)]
      }
      position += 1
      // The first range whose end is past index.
      var low = 0
      var high = ends.count
      while low < high {
        let middle = (low + high) / 2
        if ends[middle] <= index { low = middle + 1 } else { high = middle }
      }
      let range = ranges[low]
      let start = low == 0 ? 0 : ends[low - 1]
      return Target(
        address: range.address(at: UInt128(index - start)),
        port: range.port ?? selection.defaultPort)
    }
  }

  private func nextRange(_ reader: LineReader) -> TargetRange? {
    while true {
      let line: [UInt8]?
      do {
        line = try reader.nextLine()
      } catch {
        onBadLine(
          Diagnostic(
            .error, at: SourceLocation(file: displayName, line: reader.lineNumber + 1),
            "cannot read target list: \(error)"))
        return nil
      }
      guard let line else { return nil }
      do throws(TargetSyntaxError) {
        if let range = try TargetRange.parse(String(decoding: line, as: UTF8.self)) { return range }
      } catch {
        onBadLine(
          Diagnostic(
            .error, at: SourceLocation(file: displayName, line: reader.lineNumber), error.message))
      }
    }
  }
}
