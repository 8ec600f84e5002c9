#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A snapshot too large to hold, read from its file in identity order while the
/// corpus's sorted entries are merged with it (`SnapshotJoin`). `--update` writes it
/// sorted by identity, so it is read as it is; a file that is not in order (edited by
/// hand, or identities that escaping reorders) is sorted into a scratch file first.
///
/// `open` reads the file once to check it and fails with the errors `Snapshot` gives
/// (a malformed line, a record listed twice, each naming its line, in line order), so
/// a bad snapshot is reported before the corpus is read, as it always was.
public struct SnapshotFile {
  public let path: String
  /// The file's entries sorted by identity, when the file is not (`nil` when it is).
  private let sortedCopy: SortedRun?
  private let codes: SnapshotEntryCodes

  /// Checks the file at `path` and, when it is not sorted by identity, sorts it with
  /// `sorter`.
  ///
  /// - Throws: `InputError` as `Snapshot(contentsOf:)` does; `SystemError` when a
  ///   scratch file cannot be written.
  static func open(_ path: String, sorter: ExternalSorter) throws -> SnapshotFile {
    var errors: [Diagnostic] = []
    var duplicates: [Diagnostic] = []
    var previous: [UInt8] = []
    var isSorted = true
    var first = true
    try Snapshot.readLines(path) { line, number in
      switch Snapshot.parse(line) {
      case .ignored: return
      case .malformed:
        errors.append(Snapshot.malformed(at: SourceLocation(file: path, line: number)))
      case .entry(let identity, _):
        guard isSorted else { return }
        if !first {
          let order = compare(previous, identity)
          if order == 0 {
            duplicates.append(
              Snapshot.listedTwice(identity, at: SourceLocation(file: path, line: number)))
          }
          if order > 0 { isSorted = false }
        }
        first = false
        previous.removeAll(keepingCapacity: true)
        previous += identity.utf8
      }
    }
    if isSorted {
      try Self.check(errors, duplicates)
      return SnapshotFile(path: path, sortedCopy: nil, codes: SnapshotEntryCodes())
    }
    return try sortedCopy(of: path, sorter: sorter, errors: errors)
  }

  /// Sorts the entries of an unsorted file into a scratch file, one per identity (the
  /// first in the file; the others are errors).
  private static func sortedCopy(of path: String, sorter: ExternalSorter, errors: [Diagnostic])
    throws -> SnapshotFile
  {
    var sorter = sorter
    var codes = SnapshotEntryCodes()
    var value: [UInt8] = []
    var failure: SystemError?
    try Snapshot.readLines(path) { line, number in
      guard failure == nil, case .entry(let identity, let entry) = Snapshot.parse(line) else {
        return
      }
      value.removeAll(keepingCapacity: true)
      VarInt.append(number, to: &value)
      codes.append(entry, to: &value)
      do throws(SystemError) {
        try sorter.append(key: identity.utf8, value: value)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    let records = try sorter.sorted()
    let copy = try sorter.scratch.makeFile()
    var duplicates: [Diagnostic] = []
    var previous: [UInt8]?
    var record: [UInt8] = []
    while try records.next() {
      var index = 0
      let number = Int(VarInt.read(records.value, at: &index)!)
      guard records.key != previous else {
        duplicates.append(
          Snapshot.listedTwice(
            String(decoding: records.key, as: UTF8.self),
            at: SourceLocation(file: path, line: number)))
        continue
      }
      previous = records.key
      record.removeAll(keepingCapacity: true)
      VarInt.append(records.key.count, to: &record)
      VarInt.append(records.value.count - index, to: &record)
      record += records.key
      record += records.value[index...]
      try copy.append(record)
    }
    try copy.flush()
    duplicates.sort { $0.location.line < $1.location.line }
    try check(errors, duplicates)
    return SnapshotFile(
      path: path, sortedCopy: SortedRun(file: copy, offset: 0, count: copy.size), codes: codes)
  }

  /// Throws the errors, both lists in line order, merged in line order.
  private static func check(_ errors: [Diagnostic], _ duplicates: [Diagnostic]) throws(InputError) {
    guard !errors.isEmpty || !duplicates.isEmpty else { return }
    var merged: [Diagnostic] = []
    var (left, right) = (0, 0)
    while left < errors.count || right < duplicates.count {
      if right == duplicates.count
        || (left < errors.count && errors[left].location.line < duplicates[right].location.line)
      {
        merged.append(errors[left])
        left += 1
      } else {
        merged.append(duplicates[right])
        right += 1
      }
    }
    throw InputError(merged)
  }

  /// memcmp order of `left` and `right`'s UTF-8 bytes.
  private static func compare(_ left: [UInt8], _ right: String) -> Int32 {
    var right = right
    return right.withUTF8 { right in
      left.withUnsafeBufferPointer { ExternalSorter.compare($0, right) }
    }
  }

  /// The entries, in identity order, read from the file (or its sorted copy).
  func entries() throws -> SnapshotFileEntries {
    if let sortedCopy {
      return SnapshotFileEntries(run: sortedCopy.makeReader(), codes: codes)
    }
    return try SnapshotFileEntries(
      reader: LineReader(path: path, maximumLineLength: Snapshot.maximumLineLength), path: path)
  }
}

/// A `SnapshotFile`'s entries one at a time, in identity order.
final class SnapshotFileEntries {
  /// The current entry's identity (escaped, as the file holds it, decoded as UTF-8).
  private(set) var identity: [UInt8] = []
  private(set) var entry = Snapshot.Entry(outcome: "", label: "")
  /// The entry's number among the file's distinct entries, when it has one.
  private(set) var code: Int?

  private let run: SortedRunReader?
  private var codes: SnapshotEntryCodes
  private let reader: LineReader?
  private let path: String
  private var started = false

  init(run: SortedRunReader, codes: SnapshotEntryCodes) {
    self.run = run
    self.codes = codes
    self.reader = nil
    self.path = ""
  }

  init(reader: LineReader, path: String) {
    self.run = nil
    self.codes = SnapshotEntryCodes()
    self.reader = reader
    self.path = path
  }

  /// Moves to the next entry; false after the last.
  ///
  /// - Throws: `SystemError` when the sorted copy cannot be read, `InputError` when the
  ///   file changed since it was checked.
  func next() throws -> Bool {
    if let run {
      guard try run.next() else { return false }
      identity = Array(run.buffer[run.key])
      var index = 0
      let value = Array(run.buffer[run.value])
      guard let (entry, code) = codes.read(value, at: &index) else {
        preconditionFailure("the sorted copy holds what `SnapshotEntryCodes` wrote")
      }
      self.entry = entry
      self.code = code
      return true
    }
    guard let reader else { return false }
    while true {
      let line: Snapshot.Line?
      do {
        line = try reader.withNextLine { Snapshot.parse($0) }
      } catch {
        throw changed("cannot read snapshot: \(error)")
      }
      switch line {
      case nil: return false
      case .ignored: continue
      case .malformed: throw changed("changed while it was read (run test again)")
      case .entry(var identity, let entry):
        let inOrder = identity.withUTF8 { bytes in
          self.identity.withUnsafeBufferPointer { ExternalSorter.compare($0, bytes) < 0 }
        }
        guard !started || inOrder else {
          throw changed("changed while it was read (run test again)")
        }
        started = true
        self.identity.removeAll(keepingCapacity: true)
        self.identity += identity.utf8
        self.entry = entry
        self.code = codes.number(entry)
        return true
      }
    }
  }

  private func changed(_ message: String) -> InputError {
    InputError(
      SourceLocation(file: path, line: reader?.lineNumber ?? 0), message, kind: .unreadable)
  }
}
