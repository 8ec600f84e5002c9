import BannersTestSupport
import Foundation
import Testing

@testable import BannersCore

/// Issue 13: Recog XML read by libxml2 directly (`LibXML2SAX`) as FoundationXML's
/// `XMLParser` read it: the same fingerprints, the same errors at the same places; XML's
/// entities and CDATA; nothing loaded from outside the file; hostile files refused.
@Suite struct RecogFingerprintsTests {
  func parse(_ xml: String, file: String = "f.xml") throws(InputError) -> RecogFingerprints {
    try RecogFingerprints(parsing: Array(xml.utf8), file: file)
  }

  /// The error a file gets, as the CLI prints it.
  func error(_ xml: String) -> String? {
    do {
      _ = try parse(xml)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func fingerprintsKeepTheirAttributesExamplesAndLines() throws {
    let file = try parse(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <fingerprints matches="smtp.banner" protocol="smtp">
        <fingerprint pattern="^([^ ]+) ESMTP Postfix" flags=" REG_ICASE ,\tREG_MULTILINE,,">
          <description>Postfix</description>
          <example host.name="mx.example.com">mx.example.com ESMTP Postfix</example>
          <example _encoding="base64">bXggRVNNVFAgUG9zdGZpeA0K</example>
          <example _filename="elsewhere.txt"/>
          <param pos="0" name="service.vendor" value="Postfix"/>
          <param pos="1" name="host.name"/>
        </fingerprint>
        <fingerprint
          pattern="^b"><param pos="0" name="service.vendor" value="B"/></fingerprint>
      </fingerprints>

      """)
    #expect(file.matchKey == "smtp.banner")
    #expect(file.fingerprints.count == 2)
    let postfix = file.fingerprints[0]
    #expect(postfix.pattern == Array("^([^ ]+) ESMTP Postfix".utf8))
    #expect(postfix.flags == ["REG_ICASE", "REG_MULTILINE"])
    #expect(postfix.description == "Postfix")
    #expect(postfix.line == 3)
    #expect(
      postfix.examples.map(\.banner) == [
        Array("mx.example.com ESMTP Postfix".utf8), Array("mx ESMTP Postfix\r\n".utf8),
      ])
    #expect(postfix.examples.map(\.line) == [5, 6])
    #expect(postfix.params["service.vendor"]?.value == "Postfix")
    #expect(postfix.params["host.name"]?.position == 1)
    // A start tag over two lines is at the line of its '>', as XMLParser counted.
    #expect(file.fingerprints[1].line == 12)
  }

  @Test func referencesCDATAAndInternalEntitiesReadAsXMLDefinesThem() throws {
    let file = try parse(
      """
      <!DOCTYPE fingerprints [ <!ENTITY vendor "Post&#38;amp;fix"> ]>
      <fingerprints matches="smtp.banner">
        <fingerprint pattern="^mx &#x41;&#66;&lt;&gt;&quot;&apos;&amp; &vendor;">
          <description><![CDATA[a<b>&amp;]]></description>
          <example><![CDATA[cd <&amp;>]]> tail &amp; &vendor;</example>
          <param pos="0" name="service.vendor" value="&vendor; Inc"/>
        </fingerprint>
      </fingerprints>
      """)
    let fingerprint = try #require(file.fingerprints.first)
    #expect(fingerprint.pattern == Array("^mx AB<>\"'& Post&fix".utf8))
    #expect(fingerprint.description == "a<b>&amp;")
    // The entity's replacement text is `Post&amp;fix` (`&#38;` is replaced where it is
    // declared), which is read again where it is used: `&amp;` becomes `&`.
    #expect(fingerprint.examples.first?.banner == Array("cd <&amp;> tail & Post&fix".utf8))
    #expect(fingerprint.params["service.vendor"]?.value == "Post&fix Inc")
  }

  @Test func otherEncodingsAreReadAsUTF8() throws {
    let xml = """
      <?xml version="1.0" encoding="ISO-8859-1"?>
      <fingerprints matches="smtp.banner"><fingerprint pattern="^caf\u{E9}"/></fingerprints>
      """
    let latin1 = try RecogFingerprints(
      parsing: xml.unicodeScalars.map { UInt8($0.value) }, file: "latin1.xml")
    #expect(latin1.fingerprints.first?.pattern == Array("^café".utf8))
    var utf16: [UInt8] = [0xFF, 0xFE]
    for unit in xml.replacingOccurrences(of: "ISO-8859-1", with: "UTF-16").utf16 {
      utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    let wide = try RecogFingerprints(parsing: utf16, file: "utf16.xml")
    #expect(wide.fingerprints.first?.pattern == Array("^café".utf8))
  }

  /// The errors (and their places) `XMLParser` gave for the same files.
  @Test(arguments: [
    (
      "<fingerprints>\n  <fingerprint pattern=\"a\">\n</fingerprints>\n",
      "f.xml:3:16: error: not a Recog XML file: opening and closing tags do not match (libxml2 error 76)"
    ),
    (
      "<fingerprints matches=\"x\">\n  <fingerprint pattern=\"a<b\">\n</fingerprint></fingerprints>\n",
      "f.xml:2:26: error: not a Recog XML file: unescaped '<' in an attribute value (libxml2 error 38)"
    ),
    (
      "<fingerprints matches=\"x\">\n  <fingerprint pattern=\"a &amp b\">\n</fingerprint></fingerprints>\n",
      "f.xml:2:31: error: not a Recog XML file: an entity reference is not terminated by ';' (libxml2 error 23)"
    ),
    (
      "<fingerprints matches=\"x\"/>\n<extra/>\n",
      "f.xml:2:1: error: not a Recog XML file: extra content at the end of the document (libxml2 error 5)"
    ),
    (
      "<fingerprints matches=\"x\">\n  <fingerprint pattern=\"a\"\n",
      "f.xml:3:1: error: not a Recog XML file: expected '>' (libxml2 error 73)"
    ),
    (
      // A warning is an error too, as it was.
      "<fingerprints xmlns=\"relative\" matches=\"x\"/>\n",
      "f.xml:1:31: error: not a Recog XML file: XML error (libxml2 error 100)"
    ),
    (
      "<fingerprints matches=\"x\">\n  <fingerprint pattern=\"^b\">\n    <example _encoding=\"base64\">!!!</example>\n  </fingerprint>\n  <bad\n</fingerprints>\n",
      "f.xml:3: error: example with _encoding=\"base64\" is not valid base64\nf.xml:6:1: error: not a Recog XML file: invalid element name (libxml2 error 68)"
    ),
  ])
  func malformedFilesGetTheErrorsXMLParserGave(xml: String, expected: String) {
    #expect(error(xml) == expected)
  }

  /// XMLParser read a file of fewer than four bytes as no fingerprints at all.
  @Test(arguments: ["", "abc"])
  func aFileTooShortForXMLIsAnError(xml: String) {
    #expect(
      error(xml)
        == "f.xml:1:1: error: not a Recog XML file: the document is empty (libxml2 error 4)")
  }

  /// XMLParser crashed (SIGSEGV) on a processing instruction without data.
  @Test func aProcessingInstructionWithoutDataIsIgnored() throws {
    let file = try parse(
      "<fingerprints matches=\"x\"><fingerprint pattern=\"^a\"/></fingerprints>\n<?pi?>\n")
    #expect(file.fingerprints.count == 1)
  }

  /// Nothing outside the file is read (XXE): an external entity is not loaded, and
  /// its reference is an error (XMLParser dropped it). Network addresses are refused
  /// the same way, before libxml2's NONET.
  @Test func anExternalEntityIsNeverLoaded() throws {
    let secret = try makeScratchDirectory().appendingPathComponent("secret.txt")
    try Data("SECRET-CONTENTS".utf8).write(to: secret)
    let xml = """
      <!DOCTYPE fingerprints [ <!ENTITY x SYSTEM "file://\(secret.path)"> ]>
      <fingerprints matches="x">
        <fingerprint pattern="^mx &x;"><example>mx &x;</example></fingerprint>
      </fingerprints>
      """
    #expect(
      error(xml)
        == "f.xml:3:32: error: not a Recog XML file: undefined entity (libxml2 error 26)")
  }

  @Test func externalDTDsAndParameterEntitiesAreNotRead() throws {
    let secret = try makeScratchDirectory().appendingPathComponent("secret.dtd")
    try Data("<!ENTITY x \"SECRET-CONTENTS\">".utf8).write(to: secret)
    // An external subset is not read, so its entity is not declared.
    let dtd = """
      <!DOCTYPE fingerprints SYSTEM "file://\(secret.path)">
      <fingerprints matches="x"><fingerprint pattern="^mx"/></fingerprints>
      """
    #expect(try parse(dtd).fingerprints.first?.pattern == Array("^mx".utf8))
    let parameter = """
      <!DOCTYPE fingerprints [ <!ENTITY % p SYSTEM "file://\(secret.path)"> %p; ]>
      <fingerprints matches="x"><fingerprint pattern="^mx &x;"/></fingerprints>
      """
    #expect(error(parameter)?.contains("undefined entity (libxml2 error 26)") == true)
    #expect(error(parameter)?.contains("SECRET") == false)
  }

  /// "Billion laughs": libxml2's default limits on entity expansion stop it (an error,
  /// in milliseconds), where expanding it would take gigabytes.
  @Test func exponentialEntityExpansionIsRefused() {
    var declarations = "<!ENTITY e0 \"lol\">"
    for level in 1...9 {
      declarations +=
        "<!ENTITY e\(level) \"" + String(repeating: "&e\(level - 1);", count: 10) + "\">"
    }
    let xml = """
      <!DOCTYPE fingerprints [ \(declarations) ]>
      <fingerprints matches="x"><fingerprint pattern="^mx"><example>&e9;</example>
      </fingerprint></fingerprints>
      """
    #expect(error(xml)?.contains("(libxml2 error 89)") == true)
  }
}
