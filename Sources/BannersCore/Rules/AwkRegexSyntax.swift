/// The syntax tree of one awk regex: what `AwkRegexParser` reads and what the PCRE2
/// emitter (`AwkRegexTranslator`), the required-literal extraction and the automata
/// (`Automata/`) consume. Every node keeps the offset of its awk source, so a finding on
/// a node can name the column of the rule file.
///
///     /Mercury 1\... SMTP/   ->  concatenation: M e r c u r y ' ' 1 '.'(literal) any any ...
///     /(a|b)x/              ->  group(a | b), x
///     /^220 [^ ]+ ESMTP/    ->  start, 2 2 0 ' ', repeat(bracket [^ ], 1...), ...
public struct AwkRegexSyntax: Sendable, Hashable {
  /// The whole regex: alternatives at the top level are not wrapped in a group.
  public var root: Alternation

  /// `a|b|c`: one or more branches (an empty branch matches the empty string).
  public struct Alternation: Sendable, Hashable {
    public var branches: [Concatenation]
    /// Source offsets of the `|` between branches (one fewer than branches).
    public var barOffsets: [Int] = []
  }

  /// Items matched one after another; no items matches the empty string.
  public struct Concatenation: Sendable, Hashable {
    public var items: [Item]
  }

  /// One atom, possibly quantified, and the source offset where it starts.
  public struct Item: Sendable, Hashable {
    public var kind: Kind
    /// Offset of the item's first source byte (for a quantified item, its atom's).
    public var offset: Int
  }

  public indirect enum Kind: Sendable, Hashable {
    /// One byte that matches itself (written plainly or as an escape).
    case literal(UInt8)
    /// `.`: any byte, newline included.
    case any
    /// `[...]` or `[^...]`.
    case bracket(BracketExpression)
    /// `^`: the start of the banner.
    case start
    /// `$`: the end of the banner.
    case end
    /// `( ... )`, and the offset of its `)`.
    case group(Alternation, closeOffset: Int)
    /// An item under `*`, `+`, `?` or an interval.
    case repeated(Item, Quantifier)
  }

  public struct BracketExpression: Sendable, Hashable {
    public enum Member: Sendable, Hashable {
      case byte(UInt8)
      case range(UInt8, UInt8)
      /// `[:alpha:]` and friends, by name (C locale).
      case namedClass(String)
    }
    public var negated: Bool
    public var members: [Member]
  }

  public struct Quantifier: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
      case star, plus, question
      /// `{n}` (`hasComma` false), `{n,}` (`max` nil) or `{n,m}`.
      case interval(hasComma: Bool)
    }
    public var form: Form
    public var min: Int
    /// nil: no upper bound.
    public var max: Int?
    /// Offset of the quantifier in the source.
    public var offset: Int
  }
}

extension AwkRegexSyntax.BracketExpression {
  /// The bytes of a POSIX class in the C locale, as PCRE2 and the awks read them.
  public static func bytes(ofClass name: String) -> [UInt8] {
    (0...255).map(UInt8.init).filter { byte in
      let alpha = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      let digit = (0x30...0x39).contains(byte)
      let punct =
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte)
        || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
      switch name {
      case "alpha": return alpha
      case "digit": return digit
      case "alnum": return alpha || digit
      case "upper": return (0x41...0x5A).contains(byte)
      case "lower": return (0x61...0x7A).contains(byte)
      case "space": return byte == 0x20 || (0x09...0x0D).contains(byte)
      case "blank": return byte == 0x20 || byte == 0x09
      case "punct": return punct
      case "print": return (0x20...0x7E).contains(byte)
      case "graph": return (0x21...0x7E).contains(byte)
      case "cntrl": return byte < 0x20 || byte == 0x7F
      case "xdigit":
        return digit || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
      default: return false
      }
    }
  }

  /// Every byte this bracket matches.
  public var matchedBytes: [Bool] {
    var set = [Bool](repeating: false, count: 256)
    for member in members {
      switch member {
      case .byte(let byte): set[Int(byte)] = true
      case .range(let low, let high): for byte in low...high { set[Int(byte)] = true }
      case .namedClass(let name): for byte in Self.bytes(ofClass: name) { set[Int(byte)] = true }
      }
    }
    return negated ? set.map { !$0 } : set
  }
}
