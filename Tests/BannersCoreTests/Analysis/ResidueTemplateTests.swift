import BannersCore
import Testing

/// Issue 11: one product's variants (optional comments, distribution tags, versions,
/// dates, one or two spaces, host names of any shape) have one template; different
/// products do not.
@Suite struct ResidueTemplateTests {
  func template(_ banner: String) -> String {
    let shape = ResidueShape(of: Array(banner.utf8))
    return ResidueTemplates([], examples: 0).template(of: shape).text
  }

  @Test(arguments: [
    (
      "220 mail.example.net ESMTP Postfix\r\n",
      [
        "220 mx1.example.org ESMTP Postfix (Debian/GNU)\r\n", "220 gw ESMTP Postfix (Ubuntu)\r\n",
        "220 10.0.0.1 ESMTP Postfix (2.11.3)\r\n", "220 mail-2 ESMTP Postfix; NO UCE\r\n",
      ]
    ),
    (
      "220 a.example.com ESMTP Exim 4.92 Mon, 02 Dec 2026 04:01:02 +0100\r\n",
      ["220 b.example.com ESMTP Exim 4.96 #2 Tue, 3 Dec 2026 05:01:02 -0500 (EST)\r\n"]
    ),
    (
      "220 h.example.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready at  Mon, 2 Dec 2026 04:01:02 +0100\r\n",
      [
        "220 h2.example.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at Mon, 2 Dec 2026 04:01:02 +0100\r\n",
        "220 exch Microsoft ESMTP MAIL Service ready at 12/2/2026 4:01:02 PM\r\n",
      ]
    ),
    (
      "220 d.example.com ESMTP Service (Lotus Domino Release 8.5.3FP6) ready at Mon, 2 Dec 2026 04:01:02 +0100\r\n",
      [
        "220 e.example.com ESMTP Service (IBM Domino Release 9.0.1FP10 HF383) ready at Mon, 2 Dec 2026 04:01:02 +0100\r\n"
      ]
    ),
    ("220 (vsFTPd 3.0.3)\r\n", ["220 (vsFTPd 2.3.4)\r\n"]),
    ("+OK Dovecot ready.\r\n", ["+OK Dovecot (Ubuntu) ready.\r\n"]),
    ("SSH-2.0-dropbear_2020.81\r\n", ["SSH-2.0-dropbear\r\n"]),
  ])
  func variantsOfOneProductShareATemplate(first: String, variants: [String]) {
    // Anchors among comments are chosen by what the residue shows, so the banners are
    // merged together, as a report does.
    let groups = ([first] + variants).map {
      ResidueGroups.Group(shape: ResidueShape(of: Array($0.utf8)), count: 1)
    }
    #expect(ResidueTemplates(groups, examples: 0).groups.count == 1, "\(first)")
  }

  @Test func differentProductsAndProtocolsHaveDifferentTemplates() {
    let banners = [
      "220 a.example.com ESMTP Postfix\r\n", "220 a.example.com ESMTP Exim 4.92\r\n",
      "220 mailhost ESMTP\r\n", "220 a.example.com Microsoft ESMTP MAIL Service ready\r\n",
      "220 Microsoft FTP Service\r\n", "+OK Dovecot ready.\r\n", "* OK Dovecot ready.\r\n",
      "220 Serv-U FTP Server v15.1 ready...\r\n", "SSH-2.0-Serv-U_15.1.6.25\r\n",
    ]
    #expect(Set(banners.map(template)).count == banners.count)
  }

  @Test func aBareHostIsOptionalAndTheWordMostShownElsewhereWins() throws {
    // `gw-3` and `MikroTik` are both candidates in the second banner; the residue shows
    // MikroTik in a plain or bracketed place, gw never.
    let banners = [
      "220 MikroTik FTP server (MikroTik 6.48.6) ready\r\n",
      "220 gw-3 FTP server (MikroTik 6.49.7) ready\r\n",
      "220 ftp.example.net FTP server (MikroTik 7.12.1) ready\r\n",
    ]
    let groups = banners.map { banner in
      ResidueGroups.Group(shape: ResidueShape(of: Array(banner.utf8)), count: 1)
    }
    let templates = ResidueTemplates(groups, examples: 1)
    #expect(templates.groups.count == 1)
    #expect(templates.groups.first?.template.anchor == "mikrotik")
    #expect(templates.groups.first?.count == 3)
  }

  /// Issue 11: a word where other banners of the residue have a host name is a host
  /// name, whatever its spelling (`exchange`, `relay`, `mail`): it anchors no group and
  /// names no protocol, and a product word in another place stays.
  @Test func aWordInAHostSlotOfTheResidueIsAHostName() {
    let banners = [
      "+OK POP3 mail.example.net v2003.83 server ready\r\n",
      "+OK POP3 exchange v2006k.101 server ready\r\n",
      "+OK POP3 relay v2007f.104 server ready\r\n",
      "+OK Qpopper (version 4.1.0) at mail.example.net starting.\r\n",
      "+OK Qpopper (version 4.0.9) at smtp starting.\r\n",
      "* OK [CAPABILITY IMAP4rev1 IDLE] mx.example.org IMAP4rev1 2007f.404 at Mon, 2 Dec 2026 04:01:02 +0100\r\n",
      "* OK [CAPABILITY IMAP4rev1 ID ENABLE] exchange IMAP4rev1 2007e.104 at Mon, 2 Dec 2026 04:01:02 +0100\r\n",
      "* OK The Microsoft Exchange IMAP4 service is ready.\r\n",
    ]
    let groups = banners.map {
      ResidueGroups.Group(shape: ResidueShape(of: Array($0.utf8)), count: 1)
    }
    let templates = ResidueTemplates(groups, examples: 0)
    let texts = banners.map { templates.template(of: ResidueShape(of: Array($0.utf8))).text }
    #expect(Set(texts[0...2]).count == 1, "\(texts)")
    #expect(texts[3] == texts[4] && texts[3] == "+OK||qpopper", "\(texts)")
    #expect(texts[5] == texts[6], "\(texts)")
    #expect(texts[7] != texts[6] && texts[7].hasSuffix("microsoft"), "\(texts)")
  }

  @Test func netBIOSNamesAreHostsAndProtocolsAreNot() {
    #expect(template("220 EXCH01 ESMTP Postfix\r\n") == template("220 SBS-7 ESMTP Postfix\r\n"))
    #expect(ResidueShape(of: Array("220 SBS2019 ESMTP\r\n".utf8)).text == "220 <host> ESMTP\\r\\n")
    #expect(ResidueShape(of: Array("+OK POP3 X2 ready\r\n".utf8)).text == "+OK POP3 X2 ready\\r\\n")
  }
}
