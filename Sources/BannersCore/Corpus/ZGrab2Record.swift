/// One line of zgrab2's output for its `smtp` module, as a corpus record:
///
///     {"ip":"192.0.2.7","data":{"smtp":{"status":"success","protocol":"smtp",
///       "result":{"banner":"220 mx ESMTP\r\n","ehlo":"250-mx\r\n...","help":"214 ...\r\n"},
///       "timestamp":"2018-04-06T19:42:16Z"}}}
///
/// | zgrab2                                   | record                                   |
/// |------------------------------------------|------------------------------------------|
/// | `result.banner` (+ `result.help`)        | `ok`, the greeting then the HELP reply, as `banners record` stores them (`ehlo` is not part of it) |
/// | no result, error `invalid response for SMTP: X` | `ok`, banner X (zgrab2 keeps a non-SMTP greeting only in the error text) |
/// | error text `connect: connection refused` | `connection refused`                     |
/// | `no route to host`, `network is unreachable`, `protocol not available`, `machine is not on the network`, `connection timed out`, `i/o timeout` | the posts' words for them |
/// | error `EOF` with no greeting             | `immediate disconnect`                   |
/// | `connection reset by peer`               | `ECONNRESET` (as `banners record` names it) |
/// | status `connection-refused`, no error    | `connection refused`                     |
/// | anything else                            | `unknown` (zgrab2 has folded the cause: every failed dial is `connection-timeout`, an EOF is `io-timeout`) |
///
/// zgrab2 writes Go strings, which replace bytes that are not UTF-8 with U+FFFD (EF BF
/// BD): such a banner has lost bytes that no rule can see again (`convert` counts them).
public enum ZGrab2Record {
  /// The record of one line; nil for a blank line.
  ///
  /// - Throws: `InputError` at `file:line:col` for a line that is not zgrab2 smtp output.
  public static func record<C: Collection>(_ line: C, at location: SourceLocation)
    throws(InputError) -> CorpusRecord? where C.Element == UInt8
  {
    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
    let value: JSONValue
    do {
      value = try JSONValue.parse(line)
    } catch {
      var at = location
      at.column = error.offset + 1
      throw badLine(at, "not a zgrab2 record: \(error.message)")
    }
    guard case .object = value else {
      throw badLine(location, "not a zgrab2 record: expected a JSON object")
    }
    guard let data = value["data"], case .object(let modules) = data else {
      throw badLine(location, "not a zgrab2 record: no \"data\" object")
    }
    guard
      let module = data["smtp"]
        ?? modules.first(where: { $0.value["protocol"]?.text == "smtp" })?.value
    else {
      throw badLine(
        location,
        "zgrab2 record without an smtp result under \"data\" (run zgrab2's smtp module, with --send-help for the HELP reply)"
      )
    }
    var record = CorpusRecord(outcome: .ok, source: location)
    record.address = value["ip"]?.text ?? value["domain"]?.text
    record.port = (module["port"] ?? value["port"]).flatMap {
      if case .number(let digits) = $0 { return Int(digits) }
      return nil
    }
    record.time = module["timestamp"]?.text
    let error = module["error"]?.text
    if let banner = module["result"]?["banner"]?.stringBytes {
      record.banner = banner + (module["result"]?["help"]?.stringBytes ?? [])
      return record
    }
    let invalid = "invalid response for SMTP: "
    if let error, error.hasPrefix(invalid) {
      record.banner = Array(error.utf8.dropFirst(invalid.utf8.count))
      return record
    }
    guard let status = module["status"]?.text else {
      throw badLine(location, "zgrab2 record without \"status\"")
    }
    if status == "success" {
      throw badLine(location, "zgrab2 record with status \"success\" but no result.banner")
    }
    record.outcome = .failed(failureReason(status: status, error: error))
    return record
  }

  /// The posts' words for a zgrab2 failure, from Go's error text first (it keeps the
  /// errno's sentence), then the status; `unknown` where zgrab2 has folded the cause.
  public static func failureReason(status: String, error: String?) -> String {
    if let error {
      let phrases: [(String, String)] = [
        ("connection refused", "connection refused"),
        ("no route to host", "host unreachable"),
        ("network is unreachable", "network unreachable"),
        ("protocol not available", "protocol not available"),
        ("machine is not on the network", "machine not on network"),
        ("connection timed out", "timed out"),
        ("i/o timeout", "timed out"),
        ("connection reset by peer", "ECONNRESET"),
      ]
      for (phrase, reason) in phrases where error.contains(phrase) { return reason }
      if error == "EOF" || error.hasSuffix(": EOF") { return "immediate disconnect" }
    }
    return status == "connection-refused" ? "connection refused" : "unknown"
  }
}

/// A corpus line that is not what its format says: `--skip-bad` may skip it.
func badLine(_ location: SourceLocation, _ message: String) -> InputError {
  InputError(location, message, kind: .badLine)
}
