import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file writes that a reader never sees half done: the bytes go to a temporary
/// file beside the target, which is then renamed over it. `rename` within one
/// directory is atomic, so an interrupted or failed write leaves the old file, or no
/// file, never a truncated one (a snapshot written by `banners test --update`).
public enum AtomicFile {
  /// Replaces the file at `path` with `bytes`.
  ///
  /// The temporary file is `path.tmp-PID`, in the same directory (a rename across
  /// file systems would not be atomic); it is removed when anything fails.
  ///
  /// - Throws: `WriteError.system` with the errno of the call that failed (`open`,
  ///   `write`, `close`, `rename`).
  public static func write(_ bytes: some Sequence<UInt8>, to path: String) throws(WriteError) {
    let temporary = path + ".tmp-\(getpid())"
    do throws(WriteError) {
      let output = try OutputDescriptor.truncating(temporary)
      do throws(WriteError) {
        try output.write(bytes)
      } catch {
        try? output.close()
        throw error
      }
      try output.close()
      guard rename(temporary, path) == 0 else {
        throw WriteError.system(SystemError(errno: errno, operation: "rename"))
      }
    } catch {
      unlink(temporary)
      throw error
    }
  }
}
