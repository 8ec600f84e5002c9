/// Host names that their form cannot tell from words (`220 exchange ESMTP`, `+OK POP3
/// relay v2003.83 server ready`, `Qpopper (version 4.1.0) at mail starting.`) are told
/// by the residue itself: a word stands in a *host slot* when the same shape with that
/// word replaced by `<host>` (or `<ip>`) is a shape of the residue too, because the other
/// servers of that product put their host name there. Its place, not its spelling, says
/// what it is, so a product word is never taken for a host because it looks like one
/// (`220 ucftpd`, `220 vsftpd 3.0.3`), and an upper-case NetBIOS name (`220 EXCH01 ...`)
/// is one as soon as the residue shows the slot.
///
///     220 exchange ESMTP                  slot `exchange`: `220 <host> ESMTP` is known
///     220 MikroTik FTP server (MikroTik <n>) ready
///                                         slot: the first `MikroTik` only
extension ResidueShape {
  /// A word token of a literal part (index among `parts`, byte range) that stands where
  /// other shapes hold a host name or an address.
  struct HostSlot: Hashable, Sendable {
    var part: Int
    var range: Range<Int>

    func overlaps(part: Int, range: Range<Int>) -> Bool {
      self.part == part && self.range.overlaps(range)
    }
  }

  /// The shape as host slots compare it: an IMAP capability list (which each server
  /// configures) as `[CAPABILITY]`, runs of spaces as one. `known` holds shapes in this
  /// form.
  var normalisedForSlots: ResidueShape {
    var changed = false
    let parts = self.parts.map { part -> Part in
      guard case .literal(let bytes) = part,
        bytes.contains(UInt8(ascii: "[")) || bytes.contains(0x20)
      else { return part }
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      var position = 0
      while position < bytes.count {
        if bytes[position] == UInt8(ascii: "["),
          bytes[(position + 1)...].starts(with: "CAPABILITY ".utf8),
          let close = bytes[position...].firstIndex(of: UInt8(ascii: "]"))
        {
          out += Array("[CAPABILITY]".utf8)
          position = close + 1
          continue
        }
        if bytes[position] != 0x20 || out.last != 0x20 { out.append(bytes[position]) }
        position += 1
      }
      if out != bytes { changed = true }
      return .literal(out)
    }
    return changed ? ResidueShape(parts: parts) : self
  }

  /// The word tokens of this shape (`parts`) that are host slots among `known` shapes
  /// (in the form of `normalisedForSlots`).
  ///
  /// - Complexity: O(tokens x shape length) hash lookups' worth of bytes.
  func hostSlots(parts: [Part], among known: Set<ResidueShape>) -> [HostSlot] {
    guard !known.isEmpty else { return [] }
    var slots: [HostSlot] = []
    for (index, part) in parts.enumerated() {
      guard case .literal(let bytes) = part else { continue }
      var position = 0
      while position < bytes.count {
        // Tokens as the shape reads them: word bytes, not starting with `-`, without a
        // sentence's final dot.
        guard Self.isWordByte(bytes[position]), bytes[position] != UInt8(ascii: "-") else {
          position += 1
          continue
        }
        var end = position
        while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
        var tokenEnd = end
        while tokenEnd > position + 1, bytes[tokenEnd - 1] == UInt8(ascii: ".") { tokenEnd -= 1 }
        let range = position..<tokenEnd
        if bytes[range].contains(where: ResidueTemplate.isLetter) {
          for field in [Field.host, .ip] {
            var replaced = parts
            replaced.replaceSubrange(
              index...index,
              with: [
                .literal(Array(bytes[..<range.lowerBound])), .field(field),
                .literal(Array(bytes[range.upperBound...])),
              ])
            if known.contains(ResidueShape(parts: replaced).normalisedForSlots) {
              slots.append(HostSlot(part: index, range: range))
              break
            }
          }
        }
        position = end
      }
    }
    return slots
  }
}
