import BannersCore
import Testing

/// Issue 4: residue grouped by shape, host names, addresses, dates, numbers and hex ids
/// normalised away.
@Suite struct ResidueShapeTests {
  func shape(_ text: String) -> String { ResidueShape(of: Array(text.utf8)).text }

  @Test(arguments: [
    ("220 mail.lindenhof.example.net ESMTP Postfix\r\n", "220 <host> ESMTP Postfix\\r\\n"),
    // Host names are known by dots and labels, not by place (issue 11): a bare name stays,
    // and so does the product that a greeting names first.
    ("220 mailhost ESMTP Postfix\r\n", "220 mailhost ESMTP Postfix\\r\\n"),
    ("220 vsftpd 3.0.3\r\n", "220 vsftpd <n>\\r\\n"),
    ("SSH-1.99-Cisco-1.25\r\n", "SSH-1.99-Cisco-1.25\\r\\n"),
    ("220 ip-10-1-2-3.ec2.internal ESMTP\r\n", "220 <host> ESMTP\\r\\n"),
    (
      "220 x.example.de ESMTP Exim 4.96 Mo, 02 Dez 2026 04:01:02 +0100\r\n",
      "220 <host> ESMTP Exim <n> Mo, <date>\\r\\n"
    ),
    (
      "220 x.example.fr ESMTP Exim 4.96 lun. 2 déc. 2026 04:01:02 +0100\r\n",
      "220 <host> ESMTP Exim <date>\\r\\n"
    ),
    (
      "220 h.example.com Microsoft ESMTP MAIL Service ready at 12/2/2026 4:01:02 PM",
      "220 <host> Microsoft ESMTP MAIL Service ready at <date>"
    ),
    (
      "220-gw.ember.example.net\r\n220 Mail service ready\r\n",
      "220-<host>\\r\\n220 Mail service ready\\r\\n"
    ),
    (
      "220 x.example.com Sendmail 8.8.8/8.8.8; Mon, 11 May 1998 05:10:06 +0200\r\n",
      "220 <host> Sendmail <n>/<n>; <date>\r\n".replacingOccurrences(of: "\r\n", with: "\\r\\n")
    ),
    ("220 Generic SMTP handler at 10.1.2.3 ready", "220 Generic SMTP handler at <ip> ready"),
    ("220 ZyWALL relay session 9f3a1c2b ready", "220 ZyWALL relay session <hex> ready"),
    ("220 a.b.example.com (Post.Office v3.5) ready.", "220 <host> (Post.Office <n>) ready."),
    (
      "220 x.example.net Kerio MailServer 6.1.3 ESMTP ready",
      "220 <host> Kerio MailServer <n> ESMTP ready"
    ),
    (
      "Version: 5.0.2195.1600 ready at  Sun, 10 May 1998 20:51:15 -0700\r\n",
      "Version: <n> ready at  <date>\\r\\n"
    ),
  ])
  func fieldsAreNormalisedAway(banner: String, expected: String) {
    #expect(shape(banner) == expected)
  }

  @Test func bannersFromManyHostsAndDatesShareAShape() {
    var corpus = SyntheticCorpus(seed: 3)
    var shapes: Set<ResidueShape> = []
    for _ in 0..<2000 {
      let line = corpus.nextLine()
      guard line.contains("ZyWALL") else { continue }
      let banner = line.split(separator: "\"banner\":\"")[1].split(separator: "\"}")[0]
      shapes.insert(ResidueShape(of: Array(banner.utf8)))
    }
    #expect(shapes.count == 1)
  }

  @Test func literalPartsAreVerbatimInTheBanner() {
    let banners = [
      "220 mx1.a.example.com ESMTP Sendmail 8.9.3/8.9.3; Tue, 2 Jun 1998 01:02:03 -0500 (CDT)\r\n214-x\r\n",
      "220-host ready at 10.0.0.1 id 0a1b2c3d4e\r\n\u{1B}[2J 5.5.1\r\n",
    ]
    for banner in banners {
      let bytes = Array(banner.utf8)
      for literal in ResidueShape(of: bytes).literals {
        #expect(bytes.firstRange(of: literal) != nil)
      }
    }
  }
}
