import BannersCore

/// Generates varied, hostile banners around the texts a rule list looks for: greetings
/// and HELP replies over several CRLF lines, fragments that match one or more rules (so
/// order matters), near misses, bare CR and LF, NUL, bytes >= 0x80, long lines.
public struct BannerGenerator {
  private var random: SeededRandom
  private let fragments: [[UInt8]]

  public init(rules: [RuleList], seed: UInt64) {
    random = SeededRandom(seed: seed)
    var fragments: [[UInt8]] = []
    for list in rules {
      for rule in list.rules where !rule.isCatchAll {
        fragments.append(Self.sample(rule.regexSource, variant: 0))
        fragments.append(Self.sample(rule.regexSource, variant: 1))
      }
    }
    self.fragments = fragments
  }

  /// A string the regex probably matches: escapes resolved, `.` and `.*` filled in,
  /// brackets replaced by one of their bytes. The oracle decides what actually matches.
  static func sample(_ regex: [UInt8], variant: Int) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    while index < regex.count {
      let byte = regex[index]
      switch byte {
      case UInt8(ascii: "\\") where index + 1 < regex.count:
        out.append(regex[index + 1])
        index += 2
      case UInt8(ascii: "."):
        if index + 1 < regex.count, regex[index + 1] == UInt8(ascii: "*") {
          out += Array((variant == 0 ? "" : " x.y 1.2 ").utf8)
          index += 2
        } else {
          out.append(variant == 0 ? UInt8(ascii: "/") : UInt8(ascii: "."))
          index += 1
        }
      case UInt8(ascii: "["):
        let close = regex[(index + 1)...].firstIndex(of: UInt8(ascii: "]")) ?? regex.count - 1
        out.append(regex[index + 1 + (variant % max(1, close - index - 1))])
        index = close + 1
      case UInt8(ascii: "*"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "("),
        UInt8(ascii: ")"):
        index += 1
      default:
        out.append(byte)
        index += 1
      }
    }
    return out
  }

  private mutating func pick<T>(_ items: [T]) -> T {
    items[Int(random.next() % UInt64(items.count))]
  }
  private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

  private static let hosts = [
    "mail.example.net", "mx1.example.com", "smtp.example.org", "relay.example.net",
  ]
  private static let fillers: [[UInt8]] = [
    Array("220 ".utf8), Array(" ESMTP ".utf8),
    Array(" ready at Mon, 11 May 1998 03:10:02 -0400".utf8),
    Array("\r\n214-".utf8), Array("\r\n214 End of HELP info\r\n".utf8),
    Array("502 unimplemented\r\n".utf8),
    Array("Sendmai1".utf8), Array("sendmail".utf8), Array("SMTP".utf8), Array(" v".utf8),
    Array(" (".utf8),
  ]

  /// The next generated banner.
  public mutating func next() -> [UInt8] {
    var banner: [UInt8] = Array("220 \(pick(Self.hosts))".utf8)
    let parts = Int(random.next() % 4)
    for _ in 0...parts {
      switch random.next() % 10 {
      case 0...4: banner += [0x20] + mutate(pick(fragments))
      case 5...6: banner += pick(Self.fillers)
      case 7: banner += hostileBytes()
      case 8: banner += Array("\r\n214-".utf8) + pick(fragments)
      default: banner += Array(String(random.next() % 100_000).utf8)
      }
    }
    if chance(60) { banner += Array("\r\n".utf8) }
    if chance(3) {
      banner += [UInt8](repeating: UInt8(ascii: "a"), count: 5000 + Int(random.next() % 20000))
    }
    return banner
  }

  /// A fragment, sometimes damaged: a case flip, a dropped or doubled byte, a space
  /// turned into a newline, so near misses are tested too.
  private mutating func mutate(_ fragment: [UInt8]) -> [UInt8] {
    var bytes = fragment
    guard !bytes.isEmpty, chance(35) else { return bytes }
    let index = Int(random.next() % UInt64(bytes.count))
    switch random.next() % 5 {
    case 0: bytes[index] ^= 0x20
    case 1: bytes.remove(at: index)
    case 2: bytes.insert(bytes[index], at: index)
    case 3: if bytes[index] == 0x20 { bytes[index] = 0x0A } else { bytes.insert(0x0D, at: index) }
    default: bytes.insert(UInt8(truncatingIfNeeded: 0x80 + random.next() % 128), at: index)
    }
    return bytes
  }

  private mutating func hostileBytes() -> [UInt8] {
    switch random.next() % 6 {
    case 0: return [0x00, 0x41, 0x00]
    case 1: return [0xE9, 0x80, 0xFF, 0xC3, 0xA9]
    case 2: return Array("\r".utf8) + [0x1B] + Array("[2J".utf8)
    case 3: return Array("\n\n\t\\".utf8)
    case 4: return [0x08, 0x7F, 0x01]
    default: return Array("\r\n".utf8)
    }
  }
}
