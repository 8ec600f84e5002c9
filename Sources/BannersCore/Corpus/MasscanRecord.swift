/// masscan's banner records, as corpus records. Port-status lines (`open tcp 25 ...`)
/// are not banners and are skipped, as are the list's comments and the JSON file's
/// `[`, `,` and `]` lines.
///
/// `-oL` (list): `banner PROTO PORT IP TIMESTAMP SERVICE BANNER`, the banner with
/// every byte that is not printable ASCII (and `< > & \ " '`) as `\xHH`:
///
///     #masscan
///     open tcp 25 192.0.2.7 1586369235
///     banner tcp 25 192.0.2.7 1586369236 smtp 220 mx.example.net ESMTP\x0d\x0a
///     # end
///
/// `-oJ` (JSON, one object a line inside `[` ... `]`) and `--output-format ndjson`,
/// with those bytes as `\u00HH`, which here means the byte HH, not the character:
///
///     { "ip": "192.0.2.7", "timestamp": "1586369236", "ports": [ {"port": 25,
///       "proto": "tcp", "service": {"name": "smtp", "banner": "220 mx\u000d\u000a"} } ] }
///     {"ip":"192.0.2.7","timestamp":"1586369236","port":25,"proto":"tcp",
///       "rec_type":"banner","data":{"service_name":"smtp","banner":"220 mx\u000d\u000a"}}
///
/// The time becomes RFC 3339 (masscan writes Unix seconds).
public enum MasscanRecord {
  /// A `-oL` line as a record; nil for a comment, a blank or a port-status line.
  public static func listRecord<C: Collection>(_ line: C, at location: SourceLocation)
    throws(InputError) -> CorpusRecord? where C.Element == UInt8
  {
    var bytes = Array(line)
    if bytes.last == 0x0D { bytes.removeLast() }
    if bytes.isEmpty || bytes.first == UInt8(ascii: "#") { return nil }
    // Fields are separated by single spaces; the banner (the 7th) may hold spaces.
    var fields: [ArraySlice<UInt8>] = []
    var starts: [Int] = []
    var start = 0
    while fields.count < 6, let space = bytes[start...].firstIndex(of: 0x20) {
      fields.append(bytes[start..<space])
      starts.append(start)
      start = space + 1
    }
    fields.append(bytes[start...])
    starts.append(start)
    func at(_ field: Int) -> SourceLocation {
      var location = location
      location.column = (field < starts.count ? starts[field] : bytes.count) + 1
      return location
    }
    let kind = String(decoding: fields[0], as: UTF8.self)
    guard kind == "banner" else {
      if ["open", "closed", "unknown"].contains(kind) { return nil }
      throw badLine(
        at(0),
        "not a masscan -oL line: expected 'banner PROTO PORT IP TIMESTAMP SERVICE BANNER' or a port status"
      )
    }
    guard fields.count == 7 else {
      throw badLine(
        at(fields.count),
        "masscan banner line has \(fields.count) fields; expected 'banner PROTO PORT IP TIMESTAMP SERVICE BANNER'"
      )
    }
    guard let port = Int(String(decoding: fields[2], as: UTF8.self)), (0...65535).contains(port)
    else { throw badLine(at(2), "masscan port must be an integer from 0 to 65535") }
    guard let seconds = Int(String(decoding: fields[4], as: UTF8.self)) else {
      throw badLine(at(4), "masscan timestamp must be Unix seconds")
    }
    return CorpusRecord(
      address: String(decoding: fields[3], as: UTF8.self), port: port,
      time: RFC3339.utc(unixSeconds: seconds), outcome: .ok,
      banner: unescapeHex(fields[6]), source: location)
  }

  /// A `-oJ` or ndjson line as a record; nil for `[`, `]`, `,`, a blank or a status.
  public static func jsonRecord<C: Collection>(_ line: C, at location: SourceLocation)
    throws(InputError) -> CorpusRecord? where C.Element == UInt8
  {
    var bytes = Array(line)
    var offset = 0
    // Trim blanks and the commas masscan puts between records (before, or in old
    // versions after, each object).
    func isSkippable(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == UInt8(ascii: ",")
    }
    while let first = bytes.first, isSkippable(first) {
      bytes.removeFirst()
      offset += 1
    }
    while let last = bytes.last, isSkippable(last) { bytes.removeLast() }
    if bytes.isEmpty || bytes == [UInt8(ascii: "[")] || bytes == [UInt8(ascii: "]")] {
      return nil
    }
    let value: JSONValue
    do {
      value = try JSONValue.parse(bytes, escapes: .byte)
    } catch {
      var at = location
      at.column = offset + error.offset + 1
      throw badLine(at, "not a masscan JSON record: \(error.message)")
    }
    guard let ip = value["ip"]?.text else {
      throw badLine(location, "masscan record without \"ip\"")
    }
    let port: JSONValue?
    let banner: [UInt8]?
    if let ports = value["ports"] {
      guard case .array(let list) = ports, let first = list.first else {
        throw badLine(location, "masscan record: \"ports\" must be a non-empty array")
      }
      port = first["port"]
      banner = first["service"]?["banner"]?.stringBytes
    } else {
      if value["rec_type"]?.text != "banner" { return nil }
      port = value["port"]
      banner = value["data"]?["banner"]?.stringBytes
    }
    guard let banner else { return nil }  // a port status, not a banner
    guard case .number(let digits)? = port, let number = Int(digits), (0...65535).contains(number)
    else {
      throw badLine(location, "masscan record: \"port\" must be an integer from 0 to 65535")
    }
    let time = value["timestamp"]?.text.flatMap { Int($0) }.map { RFC3339.utc(unixSeconds: $0) }
    return CorpusRecord(
      address: ip, port: number, time: time, outcome: .ok, banner: banner, source: location)
  }

  /// `\xHH` as the byte HH; any other byte as itself.
  static func unescapeHex<C: Collection>(_ text: C) -> [UInt8] where C.Element == UInt8 {
    let bytes = Array(text)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    func hexValue(_ byte: UInt8) -> UInt8? {
      switch byte {
      case 48...57: byte - 48
      case 65...70: byte - 55
      case 97...102: byte - 87
      default: nil
      }
    }
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "\\"), index + 3 < bytes.count + 0,
        bytes[index + 1] == UInt8(ascii: "x"), let high = hexValue(bytes[index + 2]),
        let low = hexValue(bytes[index + 3])
      {
        out.append(high << 4 | low)
        index += 4
        continue
      }
      out.append(bytes[index])
      index += 1
    }
    return out
  }
}

/// Unix seconds as an RFC 3339 UTC timestamp, without Foundation.
enum RFC3339 {
  static func utc(unixSeconds: Int) -> String {
    let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
    let secondsOfDay = unixSeconds - days * 86_400
    // Howard Hinnant's days-to-civil.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return
      "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
  }
}
