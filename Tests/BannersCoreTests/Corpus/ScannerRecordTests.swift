import Testing

@testable import BannersCore

/// zgrab2's and masscan's output lines as corpus records (issue 10), on lines shaped
/// like each tool's documented output.
@Suite struct ScannerRecordTests {
  let here = SourceLocation(file: "scan.json", line: 7)

  func zgrab2(_ line: String) throws(InputError) -> CorpusRecord? {
    try ZGrab2Record.record(Array(line.utf8), at: here)
  }

  @Test func zgrab2BannerIsTheGreetingFollowedByTheHelpReply() throws {
    let record = try #require(
      try zgrab2(
        #"{"ip":"192.0.2.1","data":{"smtp":{"status":"success","protocol":"smtp","result":{"banner":"220 mx ESMTP\r\n","ehlo":"250 mx\r\n","help":"214 ok\r\n"},"timestamp":"2026-11-30T10:00:01Z"}}}"#
      ))
    #expect(record.outcome == .ok)
    #expect(record.address == "192.0.2.1")
    #expect(record.time == "2026-11-30T10:00:01Z")
    #expect(record.banner == Array("220 mx ESMTP\r\n214 ok\r\n".utf8))
  }

  @Test(
    arguments: [
      ("connection-timeout", "dial tcp 192.0.2.3:25: i/o timeout", "timed out"),
      ("connection-timeout", "dial tcp 192.0.2.3:25: connect: connection timed out", "timed out"),
      (
        "connection-timeout", "dial tcp 192.0.2.4:25: connect: connection refused",
        "connection refused"
      ),
      (
        "connection-timeout", "dial tcp 192.0.2.5:25: connect: no route to host", "host unreachable"
      ),
      (
        "connection-timeout", "dial tcp 192.0.2.5:25: connect: network is unreachable",
        "network unreachable"
      ),
      ("connection-timeout", "connect: protocol not available", "protocol not available"),
      ("connection-timeout", "connect: machine is not on the network", "machine not on network"),
      ("io-timeout", "could not read response from 192.0.2.6:25: EOF", "immediate disconnect"),
      ("io-timeout", "read tcp: connection reset by peer", "ECONNRESET"),
      ("connection-refused", nil, "connection refused"),
      ("connection-timeout", nil, "unknown"),
      ("io-timeout", nil, "unknown"),
      ("unknown-error", "something else", "unknown"),
    ] as [(String, String?, String)])
  func zgrab2FailureMapsToThePostsWords(status: String, error: String?, reason: String) throws {
    #expect(ZGrab2Record.failureReason(status: status, error: error) == reason)
    let errorMember = error.map { ",\"error\":\(JSONText.quote($0))" } ?? ""
    let record = try #require(
      try zgrab2(
        #"{"ip":"192.0.2.3","data":{"smtp":{"status":"\#(status)","protocol":"smtp"\#(errorMember)}}}"#
      ))
    #expect(record.outcome == .failed(reason))
    #expect(record.banner == nil)
  }

  @Test func zgrab2KeepsAGreetingThatOnlyItsErrorTextHolds() throws {
    let record = try #require(
      try zgrab2(
        #"{"ip":"192.0.2.9","data":{"smtp":{"status":"protocol-error","error":"invalid response for SMTP: HTTP/1.0 400\r\n"}}}"#
      ))
    #expect(record.outcome == .ok)
    #expect(record.banner == Array("HTTP/1.0 400\r\n".utf8))
  }

  @Test func zgrab2ReplacementCharacterIsSeen() throws {
    let record = try #require(
      try zgrab2(
        #"{"ip":"192.0.2.8","data":{"smtp":{"status":"success","result":{"banner":"220 caf\ufffd\r\n"}}}}"#
      ))
    #expect(UTF8Validation.hasReplacementCharacter(try #require(record.banner)))
    #expect(!UTF8Validation.hasReplacementCharacter(Array("220 caf\u{E9} \u{EF}\u{BF}".utf8)))
    #expect(!UTF8Validation.hasReplacementCharacter([0x32, 0xEF, 0xBF]))
    #expect(UTF8Validation.hasReplacementCharacter([0xEF, 0xEF, 0xBF, 0xBD]))
  }

  @Test(arguments: [
    (
      #"{"ip":"192.0.2.1","data":{"smtp":{"status":"success""#,
      "scan.json:7:53: error: not a zgrab2 record: expected ',' or '}'"
    ),
    (#"{"ip":"192.0.2.1"}"#, "scan.json:7: error: not a zgrab2 record: no \"data\" object"),
    (
      #"{"ip":"192.0.2.1","data":{"http":{"status":"success"}}}"#,
      "scan.json:7: error: zgrab2 record without an smtp result under \"data\" (run zgrab2's smtp module, with --send-help for the HELP reply)"
    ),
    (
      #"{"ip":"192.0.2.1","data":{"smtp":{"status":"success"}}}"#,
      "scan.json:7: error: zgrab2 record with status \"success\" but no result.banner"
    ),
  ])
  func zgrab2MalformedLineNamesFileLineAndColumn(line: String, message: String) {
    #expect(throws: InputError.self) { try zgrab2(line) }
    do {
      _ = try zgrab2(line)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func masscanListBannerHasItsHexEscapesDecoded() throws {
    let line = #"banner tcp 25 192.0.2.32 1764496803 smtp 220 caf\xe9 \x3cready\x3e\x0d\x0a"#
    let record = try #require(try MasscanRecord.listRecord(Array(line.utf8), at: here))
    #expect(record.address == "192.0.2.32")
    #expect(record.port == 25)
    #expect(record.time == "2025-11-30T10:00:03Z")
    #expect(record.banner == Array("220 caf".utf8) + [0xE9] + Array(" <ready>\r\n".utf8))
  }

  @Test(arguments: ["#masscan", "# end", "open tcp 25 192.0.2.31 1764496801", ""])
  func masscanListLinesWithoutABannerAreSkipped(line: String) throws {
    #expect(try MasscanRecord.listRecord(Array(line.utf8), at: here) == nil)
  }

  @Test(arguments: [
    (
      "banner tcp 25x 192.0.2.1 1764496803 smtp 220",
      "scan.json:7:12: error: masscan port must be an integer from 0 to 65535"
    ),
    (
      "banner tcp 25 192.0.2.1",
      "scan.json:7:24: error: masscan banner line has 4 fields; expected 'banner PROTO PORT IP TIMESTAMP SERVICE BANNER'"
    ),
    (
      "hello world",
      "scan.json:7:1: error: not a masscan -oL line: expected 'banner PROTO PORT IP TIMESTAMP SERVICE BANNER' or a port status"
    ),
  ])
  func masscanListMalformedLineNamesTheColumn(line: String, message: String) {
    do {
      _ = try MasscanRecord.listRecord(Array(line.utf8), at: here)
      Issue.record("no error for \(line)")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func masscanJSONEscapesAreBytesNotCharacters() throws {
    let line =
      #"{   "ip": "192.0.2.22",   "timestamp": "1764496803", "ports": [ {"port": 25, "proto": "tcp", "service": {"name": "smtp", "banner": "220 caf\u00e9\u000d\u000a"} } ] }"#
    let record = try #require(try MasscanRecord.jsonRecord(Array(line.utf8), at: here))
    #expect(record.banner == Array("220 caf".utf8) + [0xE9, 0x0D, 0x0A])
    #expect(record.port == 25)
  }

  @Test func masscanNDJSONBannerRecordIsRead() throws {
    let line =
      #"{"ip":"192.0.2.41","timestamp":"1764496802","port":25,"proto":"tcp","rec_type":"banner","data":{"service_name":"smtp","banner":"220 mx\u000d\u000a"}}"#
    let record = try #require(try MasscanRecord.jsonRecord(Array(line.utf8), at: here))
    #expect(record.banner == Array("220 mx\r\n".utf8))
  }

  @Test(arguments: [
    "[", "]", ",", "",
    #"{   "ip": "192.0.2.21",   "timestamp": "1764496801", "ports": [ {"port": 25, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 52} ] }"#,
    #"{"ip":"192.0.2.41","timestamp":"1764496801","port":25,"proto":"tcp","rec_type":"status","data":{"status":"open"}}"#,
  ])
  func masscanJSONLinesWithoutABannerAreSkipped(line: String) throws {
    #expect(try MasscanRecord.jsonRecord(Array(line.utf8), at: here) == nil)
  }

  @Test func masscanJSONMalformedLineNamesTheColumn() {
    do {
      _ = try MasscanRecord.jsonRecord(
        Array(#", { "ip": "192.0.2.1", "ports": [ }"#.utf8), at: here)
      Issue.record("no error")
    } catch {
      #expect(
        error.description
          == "scan.json:7:35: error: not a masscan JSON record: expected a JSON value")
    }
  }

  @Test(arguments: [
    ("#masscan", CorpusFormat.masscanList),
    ("open tcp 25 192.0.2.1 1764496801", .masscanList),
    ("[", .masscanJSON),
    (#"{"ip":"192.0.2.41","rec_type":"banner"}"#, .masscanJSON),
    (#"{"ip":"192.0.2.1","data":{"smtp":{}}}"#, .zgrab2),
    (#"{"addr":"192.0.2.1","outcome":"ok","banner":"data"}"#, .jsonl),
    ("220 mx ESMTP", .text),
  ])
  func firstLineTellsTheFormat(line: String, format: CorpusFormat) {
    let resolved = Array(line.utf8).withUnsafeBufferPointer {
      CorpusFormat.auto.resolved(path: "scan.json", firstLine: $0)
    }
    #expect(resolved == (format == .text ? .jsonl : format))
  }

  @Test func unixSecondsBecomeRFC3339() {
    #expect(RFC3339.utc(unixSeconds: 0) == "1970-01-01T00:00:00Z")
    #expect(RFC3339.utc(unixSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
    #expect(RFC3339.utc(unixSeconds: 1_764_496_803) == "2025-11-30T10:00:03Z")
  }
}
