import BannersCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What an earlier, stopped run of the same survey already recorded: `--resume` skips
/// those targets, so a run can be stopped and continued with no duplicate and no gap.
///
/// A run killed in the middle of a `write` can leave a last line without its newline;
/// that line is cut off (its target is probed again), and every complete line counts.
public enum ResumeLog {
  /// The identities (`addr:port`) recorded in `path`, after cutting a partial last
  /// line. A missing file is an empty log.
  ///
  /// - Returns: the identities, and how many bytes of a partial line were cut.
  /// - Throws: `InputError` for a file that cannot be read or a line that is not a record.
  public static func recordedTargets(in path: String) throws(InputError) -> (
    targets: Set<String>, cutBytes: Int
  ) {
    guard access(path, F_OK) == 0 else { return ([], 0) }
    let cut: Int
    do {
      cut = try cutPartialLastLine(path)
    } catch {
      throw InputError(
        SourceLocation(file: path, line: 0), "cannot resume from output: \(error)",
        kind: .unreadable)
    }
    var targets = Set<String>()
    let reader = try CorpusReader(path: path, format: .jsonl)
    while let record = try reader.next() {
      if let target = record.target { targets.insert(target) }
    }
    return (targets, cut)
  }

  /// Truncates `path` after its last newline; returns the bytes removed.
  static func cutPartialLastLine(_ path: String) throws(SystemError) -> Int {
    let fd = open(path, O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError(errno: errno, operation: "open") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw SystemError(errno: errno, operation: "stat") }
    let size = Int(info.st_size)
    var end = size
    var chunk = [UInt8](repeating: 0, count: 4096)
    while end > 0 {
      let start = max(0, end - chunk.count)
      let count = chunk.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress, end - start, off_t(start))
      }
      guard count == end - start else { throw SystemError(errno: errno, operation: "read") }
      if let newline = chunk[0..<count].lastIndex(of: 0x0A) {
        end = start + newline + 1
        break
      }
      end = start
    }
    guard end < size else { return 0 }
    guard ftruncate(fd, off_t(end)) == 0 else {
      throw SystemError(errno: errno, operation: "truncate")
    }
    return size - end
  }
}
