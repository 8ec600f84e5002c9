#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so an
/// interrupted run never leaves half a file; the error names the file and errno's text.
func writeFileReplacing(_ path: String, _ bytes: [UInt8]) throws(FileWriteError) {
  let temporary = path + ".tmp-\(getpid())"
  let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  var ok = descriptor >= 0
  var offset = 0
  while ok, offset < bytes.count {
    let written = bytes.withUnsafeBytes {
      write(descriptor, $0.baseAddress! + offset, $0.count - offset)
    }
    if written < 0 && errno == EINTR { continue }
    if written <= 0 { ok = false } else { offset += written }
  }
  if descriptor >= 0 { ok = close(descriptor) == 0 && ok }
  if ok { ok = rename(temporary, path) == 0 }
  if !ok {
    let reason = String(cString: strerror(errno))
    unlink(temporary)
    throw FileWriteError(path: path, reason: reason)
  }
}

struct FileWriteError: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "cannot write \(path): \(reason)" }
}
