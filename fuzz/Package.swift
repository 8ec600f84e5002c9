// swift-tools-version:6.0
//
// libFuzzer targets, one executable each, in a package of their own so that `swift test`
// in the main package never builds them with the fuzzer's instrumentation. Build and run
// them from the repository root with `fuzz/run.sh [seconds]` (docs/hardening.md), which
// passes `-sanitize=fuzzer,address`. Each target's main.swift hands its test function to
// libFuzzer (`FuzzDriver.run`).
import PackageDescription

let package = Package(
  name: "banners-fuzz",
  // `banners` is a symlink to the repository root, as in Benchmarks/.
  dependencies: [.package(path: "banners")],
  targets: [
    .target(name: "CFuzzDriver"),
    .target(
      name: "FuzzSupport",
      dependencies: ["CFuzzDriver", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-rules",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-awk-regex",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-corpus-jsonl",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-corpus-text",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-target-list",
      dependencies: [
        "FuzzSupport",
        .product(name: "BannersCore", package: "banners"),
        .product(name: "BannersRecorder", package: "banners"),
      ]
    ),
    .executableTarget(
      name: "fuzz-snapshot",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-merge",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
    .executableTarget(
      name: "fuzz-recog",
      dependencies: ["FuzzSupport", .product(name: "BannersCore", package: "banners")]
    ),
  ]
)
