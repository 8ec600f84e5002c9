import Foundation

/// The package root, found from this file's path (Sources/BannersLoopback/...): the
/// population is built from the source tree's rules, sample corpus and 1998 tables, so
/// the demo runs from a checkout (`swift run banners-loopback-survey`).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
