#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Hooks for tests: budgets of a few hundred bytes and merges of two runs at a time put
// small corpora through every step of the sorted path (runs, merge passes, a sorted
// copy of an unsorted snapshot), and `/dev/full` is a full disk.

extension SnapshotTest {
  /// `init(rules:expecting:...)` with `memory` bytes before scratch files are used and
  /// runs merged `fanIn` at a time.
  package init(
    rules: RuleList, expecting snapshot: ExpectedSnapshot?, examples: Int = 3,
    memory: Int, fanIn: Int, scratch: ScratchFiles, stop: StopSignal? = nil
  ) {
    self.init(
      rules: rules, limits: .default, expecting: snapshot, examples: examples, repeats: nil,
      sorter: ExternalSorter(memory: memory, scratch: scratch, fanIn: fanIn), stop: stop)
  }
}

extension ExpectedSnapshot {
  /// `open(_:memory:scratch:)` with runs merged `fanIn` at a time.
  package static func open(
    _ path: String, memory: Int, fanIn: Int, scratch: ScratchFiles
  ) throws -> ExpectedSnapshot {
    var info = stat()
    guard stat(path, &info) == 0, Int(info.st_size) > memory else {
      return .memory(try Snapshot(contentsOf: path))
    }
    return .file(
      try SnapshotFile.open(
        path, sorter: ExternalSorter(memory: memory, scratch: scratch, fanIn: fanIn)))
  }

  /// True when the snapshot is read from its file.
  package var isFile: Bool {
    if case .file = self { return true }
    return false
  }
}

extension ScratchFiles {
  /// Scratch files on a full disk: each is `/dev/full`, where every write fails with
  /// ENOSPC, in the name of `directory`.
  package static func full(directory: String) -> ScratchFiles {
    ScratchFiles(directory: directory) { () throws(SystemError) in
      let descriptor = open("/dev/full", O_RDWR)
      guard descriptor >= 0 else { throw SystemError(errno: errno, operation: "open") }
      return TemporaryFile(descriptor: descriptor, directory: directory)
    }
  }
}
