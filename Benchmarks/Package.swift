// swift-tools-version:6.0
//
// The benchmark lives in its own package so that `swift test` in the main package never
// builds it. Run it from the repository root:
//
//   swift run -c release --package-path Benchmarks banners-bench rules/smtp-1998.rules
import PackageDescription

let package = Package(
  name: "banners-benchmarks",
  // `banners` is a symlink to the repository root, so the package identity is "banners"
  // whatever the clone directory is called.
  dependencies: [.package(path: "banners")],
  targets: [
    .executableTarget(
      name: "banners-bench",
      dependencies: [.product(name: "BannersCore", package: "banners")]
    ),
    // bench/residue-eval/evaluate.py runs it: every banner's residue group, the rules.
    .executableTarget(
      name: "residue-eval",
      dependencies: [.product(name: "BannersCore", package: "banners")]
    ),
  ]
)
