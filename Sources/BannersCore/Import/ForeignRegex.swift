/// A Perl- or Ruby-flavoured regex as Nmap and Recog write it, parsed into the few
/// constructs that matter for "does it match", and the constructs that cannot be
/// said in awk noted with their offset.
///
///     let regex = ForeignRegex.parse(Array("^220[\\s-].*smtp".utf8), flavor: .pcre,
///                                    flags: [.caseless])
///     regex.awkSource  // "^220[\t-\r -]([^\n])*[sS][mM][tT][pP]" (see ForeignRegex+Awk)
///
/// The tree keeps one byte set per position, so `\d`, `[^a-f]`, `.` and case folding all
/// become a `ByteSet`; anchors keep the meaning the source flavour gives them; and
/// whatever has no awk meaning (back-references, look-around, `\b`, atomic groups,
/// possessive quantifiers) is recorded as an `Obstacle` and replaced by its nearest
/// superset (nothing, or a copy of the referenced group), which `--approximate` uses.
public struct ForeignRegex: Sendable {
  /// Whose syntax and semantics: Nmap runs PCRE2, Recog runs Ruby (Onigmo).
  public enum Flavor: String, Sendable {
    /// PCRE2 without UTF, as Nmap's service scan compiles it: `^` start of subject, `$`
    /// end or before a final newline, `(?m)` for line anchors, `(?s)` for DOTALL.
    case pcre
    /// Ruby: `^` and `$` are always line anchors, `(?m)` means DOTALL, `\h` is a hex
    /// digit, `{,n}` is an interval.
    case ruby
  }

  /// Compile flags given outside the pattern (Nmap's `m/.../is`, Recog's `flags`).
  public struct Flags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let caseless = Flags(rawValue: 1)
    /// `.` matches a newline too (Perl's `s`, Ruby's `m`).
    public static let dotAll = Flags(rawValue: 2)
    /// Perl's `m`: `^` and `$` at line boundaries (always on for Ruby).
    public static let multiline = Flags(rawValue: 4)
  }

  /// Where an anchor may match.
  public enum Anchor: Sendable, Hashable {
    /// Start of the banner (`\A`, Perl's `^`).
    case textStart
    /// Start of the banner or just after a `\n` (Ruby's `^`, Perl's `(?m)^`).
    case lineStart
    /// End of the banner only (`\z`).
    case textEnd
    /// End of the banner or just before a final `\n` (`\Z`, Perl's `$`).
    case textEndOrFinalNewline
    /// End of the banner or just before any `\n` (Ruby's `$`, Perl's `(?m)$`).
    case lineEnd
  }

  /// One construct of the regex.
  public indirect enum Node: Sendable, Hashable {
    /// One byte out of the set.
    case bytes(ByteSet)
    case sequence([Node])
    case alternation([Node])
    /// `(...)` or `(?:...)`; `capture` numbers Perl/Ruby capture groups from 1.
    case group(Node, capture: Int?)
    /// `max == nil` is unbounded.
    case repetition(Node, min: Int, max: Int?)
    case anchor(Anchor)
  }

  /// Something with no exact awk meaning, and where it is.
  public struct Obstacle: Sendable, Hashable {
    /// Byte offset in the source pattern.
    public var offset: Int
    /// Why, for people: "back-reference \\1: awk has none".
    public var reason: String
    /// False when even an approximation is impossible (the rule must be dropped).
    public var approximable: Bool
  }

  public var root: Node
  /// Empty when the translation is exact.
  public var obstacles: [Obstacle]
  /// Capture groups, numbered from 1.
  public var captureCount: Int
}
