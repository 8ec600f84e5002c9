import CFuzzDriver

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs libFuzzer on one target; each fuzz executable's main.swift is one call.
public enum FuzzDriver {
  /// Hands the command line to libFuzzer, which calls `target` with each input (the
  /// bytes and their count; return 0) and exits when done or on a crash.
  public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
  }
}
