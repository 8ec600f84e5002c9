// Writing the PCRE2 pattern from the syntax tree (AwkRegexSyntax), with the source offset of every byte.
extension AwkRegexTranslator {
  struct PCRE2Emitter {
    var output: [UInt8] = []
    var offsets: [Int] = []

    mutating func emit(_ alternation: AwkRegexSyntax.Alternation) {
      for (index, branch) in alternation.branches.enumerated() {
        if index > 0 { emit("|", from: alternation.barOffsets[index - 1]) }
        for item in branch.items { emit(item) }
      }
    }

    mutating func emit(_ item: AwkRegexSyntax.Item) {
      let offset = item.offset
      switch item.kind {
      case .literal(let byte): emitLiteral(byte, from: offset)
      case .any: emit(".", from: offset)
      case .start: emit("^", from: offset)
      // All three awks let `$` be repeated (`a$*` matches "a"); PCRE2 only repeats
      // groups, so `$` goes in one.
      case .end: for out in "(?:$)".utf8 { emit(out, from: offset) }
      case .group(let alternation, let closeOffset):
        emit("(", from: offset)
        emit(alternation)
        emit(")", from: closeOffset)
      case .bracket(let bracket):
        emit("[", from: offset)
        if bracket.negated { emit("^", from: offset) }
        for member in bracket.members {
          switch member {
          case .byte(let byte): emitClassByte(byte, from: offset)
          case .range(let low, let high):
            emitClassByte(low, from: offset)
            emit("-", from: offset)
            emitClassByte(high, from: offset)
          case .namedClass(let name):
            for out in "[:\(name):]".utf8 { emit(out, from: offset) }
          }
        }
        emit("]", from: offset)
      case .repeated(let inner, let quantifier):
        // PCRE2 reads some stacked quantifiers as lazy or possessive (`a+?`, `a*+`), so
        // a quantified item under another quantifier goes in a non-capturing group.
        if inner.kind == .start {
          // `^?` (mawk and original-awk): PCRE2 repeats only groups.
          for out in "(?:^)".utf8 { emit(out, from: offset) }
        } else if case .repeated = inner.kind {
          for out in "(?:".utf8 { emit(out, from: offset) }
          emit(inner)
          emit(")", from: quantifier.offset)
        } else {
          emit(inner)
        }
        for out in quantifier.pcre2Text { emit(out, from: quantifier.offset) }
      }
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
      if Self.inertOutsideClass[Int(byte)] {
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

    static let inertOutsideClass: [Bool] = (0...255).map { value in
      let byte = UInt8(value)
      return isAlphanumeric(byte) || " !\"%&',-/:;<=>@_`~".utf8.contains(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
  }
}

extension AwkRegexSyntax.Quantifier {
  /// The quantifier in PCRE2 syntax, intervals normalised (`{02}` -> `{2}`).
  var pcre2Text: [UInt8] {
    switch form {
    case .star: return Array("*".utf8)
    case .plus: return Array("+".utf8)
    case .question: return Array("?".utf8)
    case .interval(let hasComma):
      if !hasComma { return Array("{\(min)}".utf8) }
      if let max { return Array("{\(min),\(max)}".utf8) }
      return Array("{\(min),}".utf8)
    }
  }
}
