// swift-tools-version:6.0
//
// Dependencies point one way:
//   banners (CLI) -> BannersRecorder -> BannersCore -> CPCRE2
// BannersCore imports neither ArgumentParser nor NIO, so the rule engine, the corpus
// format and the analyses are testable (and embeddable) without sockets.
import PackageDescription

let package = Package(
  name: "banners",
  products: [
    .library(name: "BannersCore", targets: ["BannersCore"]),
    .executable(name: "banners", targets: ["banners"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"])]
    ),
    .target(name: "BannersCore", dependencies: ["CPCRE2"]),
    .executableTarget(
      name: "banners",
      dependencies: [
        "BannersCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Helpers for tests only (runs the built binary, fixtures); in no product.
    .target(name: "BannersTestSupport", dependencies: ["BannersCore"]),
    .testTarget(name: "BannersCoreTests", dependencies: ["BannersCore", "BannersTestSupport"]),
    .testTarget(
      name: "BannersCLITests", dependencies: ["banners", "BannersCore", "BannersTestSupport"]),
  ]
)
