/// Where each corpus record of a sorted `test` came from, its identity and the start of
/// its banner, appended in corpus order to a scratch file: after the merge only the few
/// records shown as examples are read back, by offset. Offsets grow with the corpus
/// order, so they also order records as the corpus does.
///
/// A record is `varint(identity count) identity varint(file) varint(line)
/// varint(column) varint(banner count + 1, or 0 for none) banner`, the banner cut to
/// `BannerExample.storedBytes`, as `SnapshotComparison` keeps it.
struct SnapshotRecordDetails {
  private let file: TemporaryFile
  private var files: [String] = []
  private var lastFile: (name: String, index: Int)?
  private var fileIndices: [String: Int] = [:]
  private var bytes: [UInt8] = []

  init(file: TemporaryFile) { self.file = file }

  /// Appends `record`'s details and returns their offset.
  mutating func append(identity: String, record: CorpusRecord) throws(SystemError) -> Int {
    let fileIndex: Int
    if let lastFile, lastFile.name == record.source.file {
      fileIndex = lastFile.index
    } else {
      fileIndex = fileIndices[record.source.file] ?? files.count
      if fileIndex == files.count {
        files.append(record.source.file)
        fileIndices[record.source.file] = fileIndex
      }
      lastFile = (record.source.file, fileIndex)
    }
    bytes.removeAll(keepingCapacity: true)
    VarInt.append(identity.utf8.count, to: &bytes)
    bytes += identity.utf8
    VarInt.append(fileIndex, to: &bytes)
    VarInt.append(record.source.line, to: &bytes)
    VarInt.append(record.source.column, to: &bytes)
    if let banner = record.banner {
      let kept = banner.prefix(BannerExample.storedBytes)
      VarInt.append(kept.count + 1, to: &bytes)
      bytes += kept
    } else {
      bytes.append(0)
    }
    let offset = file.size
    try file.append(bytes)
    return offset
  }

  /// Writes what is buffered, so that `read` finds every record.
  func flush() throws(SystemError) { try file.flush() }

  /// The details appended at `offset`.
  func read(at offset: Int) throws(SystemError) -> (
    identity: String, source: SourceLocation, banner: [UInt8]?
  ) {
    var wanted = 4096
    while true {
      let bytes = try file.read(at: offset, count: wanted)
      var index = 0
      func number() -> Int? { VarInt.read(bytes, at: &index).map { Int($0) } }
      func text(_ count: Int) -> ArraySlice<UInt8>? {
        guard count <= bytes.count - index else { return nil }
        defer { index += count }
        return bytes[index..<(index + count)]
      }
      if let identityCount = number(), let identity = text(identityCount),
        let fileIndex = number(), let line = number(), let column = number(),
        let bannerCount = number(), let banner = text(max(0, bannerCount - 1))
      {
        return (
          String(decoding: identity, as: UTF8.self),
          SourceLocation(file: files[fileIndex], line: line, column: column),
          bannerCount == 0 ? nil : Array(banner)
        )
      }
      // Cut short: a long identity or banner. Read enough for both at most.
      guard bytes.count == wanted else {
        preconditionFailure("details are read back only at offsets `append` returned")
      }
      wanted = bytes.count + CorpusRecord.maximumLineLength + BannerExample.storedBytes + 64
    }
  }
}
