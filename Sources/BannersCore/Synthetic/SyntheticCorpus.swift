/// A reproducible synthetic SMTP corpus, for tests and for measuring at scale: the same
/// `seed` and `records` give the same bytes on every machine.
///
/// Besides banners of software the posts' lists know (sendmail, Post.Office, IMail,
/// MS Exchange, qmail, ...), it plants what `banners report` must find, each family
/// counted in `Counts`:
/// - `ambiguous`: banners with both `Sendmail` and `Complaints/bugs to` (rules with the
///   labels `sendmail` and `MMDF` both match; `/Sendmail/` comes first);
/// - residue families no rule of the 1997 or 1998 list claims, each from many hosts,
///   dates and versions: `postfix` (`ESMTP Postfix`), `kerio` (`Kerio MailServer`),
///   `zywall` (`ZyWALL mail relay`, with a hex id);
/// - `oneOff`: residue banners of a shape of their own;
/// - `failures`: connections that failed, with the posts' reasons.
public struct SyntheticCorpus {
  public struct Counts: Sendable, Hashable {
    public var records = 0
    public var failures = 0
    public var ambiguous = 0
    public var postfix = 0
    public var kerio = 0
    public var zywall = 0
    public var oneOff = 0
  }

  public private(set) var counts = Counts()
  private var random: SeededRandom
  private let start: Int

  public init(seed: UInt64 = 1998) {
    random = SeededRandom(seed: seed)
    start = 894_856_200  // 1998-05-11 03:10:00 UTC, the 1998 survey
  }

  /// The next record, one JSON Lines line without its newline.
  public mutating func nextLine() -> String {
    counts.records += 1
    let address = "10.\(random.below(256)).\(random.below(256)).\(random.below(254) + 1)"
    let time = isoTime(start + counts.records / 300)
    let head = "{\"addr\":\"\(address)\",\"port\":25,\"time\":\"\(time)\""
    let roll = random.below(1000)
    if roll < 80 {
      counts.failures += 1
      let reason = [
        "timed out", "connection refused", "host unreachable", "network unreachable",
        "immediate disconnect",
      ][random.below(5)]
      return head + ",\"outcome\":\"\(reason)\"}"
    }
    return head + ",\"outcome\":\"ok\"," + JSONText.bannerMember(Array(banner(roll).utf8)) + "}"
  }

  private mutating func banner(_ roll: Int) -> String {
    let host = hostName()
    switch roll {
    case ..<560:
      let version = "8.\(random.below(10)).\(random.below(12))"
      return
        "220 \(host) ESMTP Sendmail \(version)/\(version); \(date())\r\n214-This is Sendmail version \(version)\r\n"
        + "214-Topics:\r\n214-\tHELO\tEHLO\tMAIL\tRCPT\tDATA\r\n214-For more info use \"HELP <topic>\".\r\n214 End of HELP info\r\n"
    case ..<620:
      return
        "220 \(host) ESMTP server (post.office v3.\(random.below(6)) release \(random.below(300)) ID# 0-\(random.below(60000))U\(random.below(500))L\(random.below(100))S0) ready \(date())\r\n"
        + "214-This SMTP server is a part of the post.office E-mail system.\r\n214 End of HELP info\r\n"
    case ..<660:
      return
        "220 \(host) (IMail 4.0\(random.below(10)) \(random.below(900) + 100)-\(random.below(9) + 1)) NT-ESMTP Server X1\r\n214-Commands:\r\n214 HELO MAIL RCPT DATA RSET QUIT\r\n"
    case ..<700:
      return
        "220 \(host) ESMTP Server (Microsoft Exchange Internet Mail Service 5.5.\(random.below(3000))) ready\r\n214 Commands: HELO EHLO MAIL RCPT DATA RSET QUIT\r\n"
    case ..<740:
      return "220 \(host) ESMTP\r\n502 unimplemented (#5.5.1)\r\n"
    case ..<750:
      counts.ambiguous += 1
      return
        "220 \(host) Sendmail 5.\(random.below(70))/\(random.below(30)) ready at \(date())\r\n214-Complaints/bugs to: postmaster@\(host)\r\n214 End\r\n"
    case ..<850:
      counts.postfix += 1
      return "220 \(host) ESMTP Postfix\r\n502 5.5.2 Error: command not recognized\r\n"
    case ..<900:
      counts.kerio += 1
      return
        "220 \(host) Kerio MailServer \(random.below(7) + 1).\(random.below(5)).\(random.below(9)) ESMTP ready\r\n214 2.0.0 Commands supported: HELO EHLO AUTH\r\n"
    case ..<930:
      counts.zywall += 1
      let id = String(random.next() & 0xFFFF_FFFF, radix: 16).leftPadded(to: 8)
      return
        "220-\(host) ZyWALL mail relay at \(date())\r\n220 session \(id)\r\n500 Command unrecognized\r\n"
    case ..<940:
      counts.oneOff += 1
      return "220 \(word(capital: true)) \(word(capital: true)) \(word(capital: false)) gateway\r\n"
    default:
      return
        "220 \(host) Smail3.1.\(random.below(30)).\(random.below(9)) ready at \(date())\r\n250 Help: see RFC 821\r\n"
    }
  }

  private mutating func hostName() -> String {
    let top = ["com", "net", "org", "edu"][random.below(4)]
    return
      "\(["mail", "mx", "smtp", "relay", "gw"][random.below(5)])\(random.below(20)).\(word(capital: false)).example.\(top)"
  }

  private mutating func word(capital: Bool) -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    var text = String((0..<(5 + random.below(6))).map { _ in letters[random.below(26)] })
    if capital { text = text.prefix(1).uppercased() + text.dropFirst() }
    return text
  }

  private mutating func date() -> String {
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    let zone = ["+0200 (MET DST)", "-0500 (CDT)", "-0400", "+0000 (GMT)", "-0700 (PDT)"][
      random.below(5)]
    let clock = "\(random.below(24)):\(random.below(60)):\(random.below(60))"
    return
      "\(days[random.below(7)]), \(random.below(28) + 1) \(months[random.below(12)]) 1998 \(clock) \(zone)"
  }

  private func isoTime(_ seconds: Int) -> String {
    let day = seconds % 86_400
    return
      "1998-05-11T\(String(day / 3600).leftPadded(to: 2)):\(String(day % 3600 / 60).leftPadded(to: 2)):\(String(day % 60).leftPadded(to: 2))Z"
  }
}

extension SeededRandom {
  /// Uniform in 0..<bound.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
