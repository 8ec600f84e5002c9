#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The snapshot `test` compares with: held in memory when its file is small
/// (`Snapshot`: about 35 bytes a record), read from its file in identity order when it
/// is larger than the memory allowed (`SnapshotFile`, merged with the corpus's sorted
/// entries), so memory stays flat whatever the number of records.
public enum ExpectedSnapshot {
  case memory(Snapshot)
  case file(SnapshotFile)

  /// Opens the snapshot at `path`: a regular file of more than `memory` bytes is read
  /// from disk, anything else (standard input, a pipe) is held.
  ///
  /// - Throws: `InputError` as `Snapshot(contentsOf:)` does; `SystemError` when an
  ///   unsorted file cannot be sorted in `scratch`.
  public static func open(
    _ path: String, memory: Int = SnapshotTest.defaultMemory, scratch: ScratchFiles = ScratchFiles()
  ) throws -> ExpectedSnapshot {
    var info = stat()
    guard path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      Int(info.st_size) > memory
    else { return .memory(try Snapshot(contentsOf: path)) }
    return .file(
      try SnapshotFile.open(path, sorter: ExternalSorter(memory: memory, scratch: scratch)))
  }
}
