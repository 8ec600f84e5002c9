// Writing the PCRE2 pattern, with the source offset of every byte written.
extension AwkRegexTranslator.Translator {
  mutating func beginAtom(at sourceOffset: Int) {
    lastAtomStart = output.count
    lastAtomSourceOffset = sourceOffset
    lastWasQuantifier = false
  }

  mutating func emit(_ byte: UInt8, from sourceOffset: Int) {
    output.append(byte)
    offsets.append(sourceOffset)
  }

  mutating func emit(_ character: Unicode.Scalar, from sourceOffset: Int) {
    emit(UInt8(ascii: character), from: sourceOffset)
  }

  /// A byte that must match itself: letters, digits and inert punctuation go through,
  /// everything else as `\xHH`, which PCRE2 reads as that byte in any context.
  mutating func emitLiteral(_ byte: UInt8, from sourceOffset: Int) {
    if Self.inertOutsideClass.contains(byte) {
      emit(byte, from: sourceOffset)
    } else {
      emitHex(byte, from: sourceOffset)
    }
  }

  mutating func emitClassByte(_ byte: UInt8, from sourceOffset: Int) {
    if Self.isAlphanumeric(byte) {
      emit(byte, from: sourceOffset)
    } else {
      emitHex(byte, from: sourceOffset)
    }
  }

  mutating func emitHex(_ byte: UInt8, from sourceOffset: Int) {
    let digits = Array("0123456789abcdef".utf8)
    for out in [
      UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)],
    ] {
      emit(out, from: sourceOffset)
    }
  }

  static let inertOutsideClass: Set<UInt8> = {
    var set = Set<UInt8>()
    for byte in UInt8(0)...UInt8(255) where isAlphanumeric(byte) { set.insert(byte) }
    for byte in " !\"%&',-/:;<=>@_`~".utf8 { set.insert(byte) }
    return set
  }()

  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }

  func peek(_ ahead: Int) -> UInt8? {
    position + ahead < source.count ? source[position + ahead] : nil
  }

  func error(at offset: Int, _ message: String) -> AwkRegexTranslator.Note {
    .init(offset: offset, message: message)
  }
}
