// The only file that imports CPCRE2 (CI checks this). Every type here is internal:
// the rest of the package sees `PCRE2Pattern`, `PCRE2Program`, `RegexMatchScratch` and
// Swift values.
import CPCRE2

/// A compiled, JIT-compiled PCRE2 pattern: the owner of the compiled code, which it
/// frees when the last reference goes.
///
/// SAFETY: `@unchecked Sendable` because the pattern is immutable once `init` returns
/// (it is JIT-compiled there, before anyone can see it), and PCRE2 documents compiled
/// code as safe to share between threads for matching.
final class PCRE2Pattern: @unchecked Sendable {
  /// The code to match with, as a plain value: hot loops keep these in an array of
  /// their own and call them without retaining a shared object per match (reference
  /// counts bouncing between cores cost more than the match itself). Valid while this
  /// pattern lives.
  let program: PCRE2Program

  /// Compiles `pattern` (bytes, no UTF) with `options`.
  ///
  /// - Throws: `PCRE2Error` with PCRE2's message and the byte offset in `pattern`.
  init(_ pattern: [UInt8], options: PCRE2Options) throws(PCRE2Error) {
    var errorCode: Int32 = 0
    var errorOffset: Int = 0
    let compiled = pattern.withUnsafeBufferPointer { buffer in
      pcre2_compile_8(
        buffer.baseAddress ?? PCRE2Program.emptySubjectPointer, buffer.count,
        options.rawValue, &errorCode, &errorOffset, nil)
    }
    guard let compiled else {
      throw PCRE2Error(code: errorCode, offset: errorOffset)
    }
    program = PCRE2Program(
      code: compiled, isJITCompiled: pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0)
  }

  deinit { pcre2_code_free_8(program.code) }
}

/// Compiled code borrowed from a `PCRE2Pattern`, which must outlive it.
struct PCRE2Program: @unchecked Sendable {
  fileprivate let code: OpaquePointer
  /// False when this PCRE2 has no JIT (or it failed); matching then interprets.
  let isJITCompiled: Bool

  /// Matches this pattern against `subject`, using `scratch`'s match data and limits.
  ///
  /// When the backtracking matcher gives up (match, depth, heap or JIT stack limit), the
  /// same compiled code is run by PCRE2's DFA matcher (`pcre2_dfa_match`), which keeps
  /// every alternative at once and cannot blow up exponentially. awk regexes have no
  /// back-references or lookarounds, which the DFA lacks, so its yes or no is the same;
  /// only its range may differ (the longest match at the leftmost start, awk's own
  /// rule, where backtracking gives the first alternative's). It runs only after a
  /// limit hit, so it costs nothing on the usual path.
  ///
  /// - Returns: the byte range of the match, or nil when there is none.
  /// - Throws: `PCRE2Error` when both matchers give up (the DFA's workspace would pass
  ///   `limits.dfaWorkspaceLimit`): that is "undecided", never "no match".
  func firstMatch(
    in subject: UnsafeBufferPointer<UInt8>, scratch: RegexMatchScratch
  ) throws(PCRE2Error) -> Range<Int>? {
    // An empty subject still needs a valid pointer (rust-pcre2 #42).
    let base = subject.baseAddress ?? PCRE2Program.emptySubjectPointer
    let rc: Int32
    if isJITCompiled {
      rc = pcre2_jit_match_8(code, base, subject.count, 0, 0, scratch.matchData, scratch.context)
    } else {
      rc = pcre2_match_8(code, base, subject.count, 0, 0, scratch.matchData, scratch.context)
    }
    switch rc {
    case PCRE2_ERROR_NOMATCH:
      return nil
    case 0...:
      // rc == 0 means "matched, but the ovector has no room for groups": we only ever
      // ask for the whole match, which always fits.
      return Self.wholeMatch(in: scratch)
    default:
      let error = PCRE2Error(code: rc, offset: nil)
      guard error.isResourceLimit else { throw error }
      return try dfaFirstMatch(in: base, count: subject.count, scratch: scratch, or: error)
    }
  }

  /// The backtracking cost of matching `subject` with PCRE2's interpreter: the smallest
  /// match limit at which `pcre2_match` does not give up (PCRE2 counts one step per
  /// backtracking point it sets), to within 1/64, found by binary search; nil when even
  /// `ceiling` steps are not enough. The lint's backtracking check compares it across attack
  /// lengths: the interpreter's count is exact and documented, the JIT's is not.
  func backtrackingSteps(in subject: [UInt8], ceiling: UInt32) -> UInt32? {
    guard let data = pcre2_match_data_create_8(1, nil),
      let context = pcre2_match_context_create_8(nil)
    else { preconditionFailure("PCRE2 could not allocate match data (out of memory)") }
    defer {
      pcre2_match_context_free_8(context)
      pcre2_match_data_free_8(data)
    }
    // Only the step count may stop the search: depth and heap are left at their maximum.
    pcre2_set_depth_limit_8(context, UInt32.max)
    pcre2_set_heap_limit_8(context, UInt32.max)
    func completes(within limit: UInt32) -> Bool {
      pcre2_set_match_limit_8(context, limit)
      let rc = subject.withUnsafeBufferPointer { buffer in
        pcre2_match_8(
          code, buffer.baseAddress ?? Self.emptySubjectPointer, buffer.count, 0,
          UInt32(PCRE2_NO_JIT), data, context)
      }
      return rc != PCRE2_ERROR_MATCHLIMIT
    }
    // Doubling, then halving the bracket to 1/64 of the answer: the caller compares
    // counts that differ by a factor of 2 or more, and each probe runs the whole match
    // (a probe costs its limit, or the count when it completes).
    var high: UInt32 = 64
    while !completes(within: high) {
      guard high < ceiling else { return nil }
      high = high > ceiling / 2 ? ceiling : high * 2
    }
    var low = high / 2  // gives up (or high is the first probe, which is close enough)
    while high - low > max(1, high / 64) {
      let middle = low + (high - low) / 2
      if completes(within: middle) { high = middle } else { low = middle }
    }
    return high
  }

  /// The DFA matcher's answer; throws `backtrackingError` when the fallback is off, or
  /// the DFA's own error when it gives up too.
  private func dfaFirstMatch(
    in base: UnsafePointer<UInt8>, count: Int, scratch: RegexMatchScratch,
    or backtrackingError: PCRE2Error
  ) throws(PCRE2Error) -> Range<Int>? {
    guard var workspace = scratch.dfaWorkspace() else { throw backtrackingError }
    while true {
      let rc = pcre2_dfa_match_8(
        code, base, count, 0, 0, scratch.matchData, scratch.context, workspace.baseAddress,
        workspace.count)
      switch rc {
      case PCRE2_ERROR_NOMATCH:
        return nil
      case 0...:
        // 0: more matches than the ovector holds; the first pair is still filled.
        return Self.wholeMatch(in: scratch)
      case PCRE2_ERROR_DFA_WSSIZE:
        guard let larger = scratch.growDFAWorkspace() else {
          throw PCRE2Error(code: rc, offset: nil)
        }
        workspace = larger
      default:
        throw PCRE2Error(code: rc, offset: nil)
      }
    }
  }

  /// The byte range of the match both matchers leave in the ovector's first pair. PCRE2
  /// allows an end before the start (`\K` in a lookahead; never in what we emit): read
  /// as empty.
  private static func wholeMatch(in scratch: RegexMatchScratch) -> Range<Int> {
    let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
    return ovector[0]..<max(ovector[0], ovector[1])
  }

  // Written once, never freed, only ever read by PCRE2 with length 0.
  nonisolated(unsafe) private static let emptyByte: UnsafeMutablePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
  }()
  static var emptySubjectPointer: UnsafePointer<UInt8> { UnsafePointer(emptyByte) }
}

/// Compile options, named for the awk behaviour they reproduce (see `AwkRegexTranslator`).
struct PCRE2Options: OptionSet, Sendable {
  let rawValue: UInt32
  /// awk's `.` matches any byte, newline included.
  static let dotAll = PCRE2Options(rawValue: PCRE2_DOTALL)
  /// awk's `$` matches at the very end only, not before a final newline.
  static let dollarEndOnly = PCRE2Options(rawValue: PCRE2_DOLLAR_ENDONLY)
  /// ERE groups never capture in our use; this lets PCRE2 skip the bookkeeping.
  static let noAutoCapture = PCRE2Options(rawValue: PCRE2_NO_AUTO_CAPTURE)
  /// Bytes, never UTF: a pattern cannot switch UTF on with `(*UTF)`.
  static let neverUTF = PCRE2Options(rawValue: PCRE2_NEVER_UTF)
  static let caseless = PCRE2Options(rawValue: PCRE2_CASELESS)
  /// Not awk: `^` and `$` at line boundaries, as Ruby always has them and Perl's `m`
  /// flag; the import tests run Nmap's and Recog's regexes with their own flags.
  static let multiline = PCRE2Options(rawValue: PCRE2_MULTILINE)
}

/// Per-worker match state: match data, a match context with limits and a JIT stack.
/// Created once per worker and reused for every banner and every rule; not thread-safe.
final class RegexMatchScratch {
  fileprivate let matchData: OpaquePointer
  fileprivate let context: OpaquePointer
  private let jitStack: OpaquePointer?
  /// Workspace of the DFA fallback, made on the first limit hit and kept; it grows
  /// fourfold while PCRE2 asks for more, up to `dfaWorkspaceLimit` elements.
  private var workspace: UnsafeMutableBufferPointer<Int32>?
  private let dfaWorkspaceLimit: Int

  init(limits: MatchLimits) {
    // One ovector pair is enough: we ask only whether, and where, the whole pattern matched.
    guard let data = pcre2_match_data_create_8(1, nil),
      let context = pcre2_match_context_create_8(nil)
    else { preconditionFailure("PCRE2 could not allocate match data (out of memory)") }
    matchData = data
    self.context = context
    dfaWorkspaceLimit = limits.dfaWorkspaceLimit
    pcre2_set_match_limit_8(context, limits.matchLimit)
    pcre2_set_depth_limit_8(context, limits.depthLimit)
    pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
    // The default 32 KiB JIT stack is too small for `.*` over a 64 KiB banner.
    jitStack = pcre2_jit_stack_create_8(32 * 1024, limits.jitStackBytes, nil)
    if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
  }

  /// The DFA workspace, nil when the fallback is off (a limit of 0).
  fileprivate func dfaWorkspace() -> UnsafeMutableBufferPointer<Int32>? {
    guard dfaWorkspaceLimit > 0 else { return nil }
    if workspace == nil {
      workspace = .allocate(capacity: min(4096, dfaWorkspaceLimit))
    }
    return workspace
  }

  /// Replaces the workspace by one four times larger; nil at the limit.
  fileprivate func growDFAWorkspace() -> UnsafeMutableBufferPointer<Int32>? {
    guard let old = workspace, old.count < dfaWorkspaceLimit else { return nil }
    workspace = .allocate(capacity: min(old.count * 4, dfaWorkspaceLimit))
    old.deallocate()
    return workspace
  }

  deinit {
    workspace?.deallocate()
    if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    pcre2_match_context_free_8(context)
    pcre2_match_data_free_8(matchData)
  }
}

extension PCRE2Error {
  /// PCRE2's own text for `code`, e.g. "missing closing parenthesis".
  static func message(for code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = buffer.withUnsafeMutableBufferPointer {
      pcre2_get_error_message_8(code, $0.baseAddress, $0.count)
    }
    guard length > 0 else { return "PCRE2 error \(code)" }
    return String(decoding: buffer[..<Int(length)], as: UTF8.self)
  }

  /// True for the errors that mean "gave up", not "the pattern is broken".
  var isResourceLimit: Bool {
    [
      PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT,
      PCRE2_ERROR_JIT_STACKLIMIT, PCRE2_ERROR_DFA_WSSIZE, PCRE2_ERROR_DFA_RECURSE,
    ].contains(code)
  }
}
