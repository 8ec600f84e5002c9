// swift-tools-version:6.0
//
// Dependencies point one way:
//   banners (CLI) -> BannersRecorder -> BannersCore -> CPCRE2, CLibXML2
// BannersCore imports neither ArgumentParser nor NIO, so the rule engine, the corpus
// format and the analyses are testable (and embeddable) without sockets.
import PackageDescription

let package = Package(
  name: "banners",
  products: [
    .library(name: "BannersCore", targets: ["BannersCore"]),
    // For the fuzz package (fuzz/), which parses target lists; not a stable API.
    .library(name: "BannersRecorder", targets: ["BannersRecorder"]),
    .executable(name: "banners", targets: ["banners"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"])]
    ),
    // Recog's XML (import recog), read with libxml2's SAX2 parser directly: Foundation's
    // XMLParser would link Foundation and ICU into the CLI and slow every start-up.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    // swift-system's FileDescriptor under the one write funnel (IO/OutputDescriptor).
    .target(
      name: "BannersCore",
      dependencies: [
        "CPCRE2", "CLibXML2", .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    // The probe recorder: SwiftNIO, no ArgumentParser.
    .target(
      name: "BannersRecorder",
      dependencies: [
        "BannersCore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "banners",
      dependencies: [
        "BannersCore",
        "BannersRecorder",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The loopback SMTP emulator and the 1998 survey population: what the demo serves
    // and the recorder tests probe. Neither a product nor a user of Testing, so the
    // demo links no test framework.
    .target(
      name: "BannersLoopback",
      dependencies: [
        "BannersCore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // Helpers for tests only (runs the built binary, fixtures, golden files, waiting
    // for events); in no product. Tests that probe import BannersLoopback themselves.
    .target(name: "BannersTestSupport", dependencies: ["BannersCore"]),
    // The loopback survey demo: serves the 1998 population on 127/8 for `banners record`.
    // Not in any product.
    .executableTarget(name: "banners-loopback-survey", dependencies: ["BannersLoopback"]),
    .testTarget(
      name: "BannersCoreTests",
      dependencies: ["BannersCore", "BannersLoopback", "BannersTestSupport"]
    ),
    .testTarget(
      name: "BannersCLITests", dependencies: ["banners", "BannersCore", "BannersTestSupport"]),
    .testTarget(
      name: "BannersRecorderTests",
      dependencies: [
        "banners", "BannersRecorder", "BannersCore", "BannersLoopback", "BannersTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ]
    ),
  ]
)
