// Backtracking blow-up: an ambiguous loop found on the automaton, then an attack that
// PCRE2, with the project's match limits, is seen to give up on.
extension LanguageChecks {
  enum Backtracking {
    /// Pump repetitions tried, shortest first; the attack is the first that PCRE2
    /// gives up on.
    static let repetitions = [8, 16, 24, 32, 64, 128, 512, 2048, 8192]

    static func findings(in rules: CheckedRules, options: Options) -> [Diagnostic] {
      var found: [Diagnostic] = []
      // The question is whether backtracking gives up, so no DFA fallback here: it would
      // answer instead (slowly, on an attack) and hide the blow-up.
      var backtrackingOnly = options.matchLimits
      backtrackingOnly.dfaWorkspaceLimit = 0
      let scratch = RegexMatchScratch(limits: backtrackingOnly)
      for (index, rule) in rules.rules.enumerated() {
        guard let pattern = rules.list?.patterns[index] else { continue }
        if let attack = confirmedAttack(
          rule.translation.syntax, program: pattern.program, scratch: scratch)
        {
          var diagnostic = Diagnostic(
            .warning, at: rule.location,
            "PCRE2 backtracking blows up on this regex: a loop can match the same text in more than one way, and a \(attack.count)-byte banner exhausts the match limit; rewrite it so each byte can be matched only one way (e.g. (a|a)* -> a*, (x+x+)+ -> xx+)",
            check: .backtracking)
          diagnostic.attack = attack
          found.append(diagnostic)
        } else if let slow = confirmedPolynomialAttack(
          rule.translation.syntax, program: pattern.program, limits: options.matchLimits)
        {
          var diagnostic = Diagnostic(
            .warning, at: rule.location, polynomialMessage(slow), check: .backtracking)
          diagnostic.attack = slow.attack
          found.append(diagnostic)
        }
      }
      return found
    }

    static func polynomialMessage(_ slow: PolynomialAttack) -> String {
      let kind =
        switch slow.degree {
        case 2: "quadratic"
        case 3: "cubic"
        case let degree?: "of degree \(degree)"
        case nil: "super-linear"
        }
      let measured: String
      if let last = slow.steps.last, last.steps == nil {
        measured = "a \(last.bytes)-byte banner exhausts the match limit"
      } else {
        let a = slow.steps[slow.steps.count - 2]
        let b = slow.steps[slow.steps.count - 1]
        measured =
          "PCRE2's steps grow from \(a.steps ?? 0) to \(b.steps ?? 0) when the banner grows from \(a.bytes) to \(b.bytes) bytes"
      }
      return
        "PCRE2 backtracking is \(kind) on this regex: two loops can match the same text, so a failing banner is split between them in every way; \(measured); make the loops' texts disjoint or merge them (e.g. [ \\t]*x?[ \\t]* -> [ \\t]*(x[ \\t]*)?)"
    }

    /// A banner on which PCRE2 gives up matching `syntax`'s pattern, built from an
    /// exponentially ambiguous loop of its automaton; nil when there is none or PCRE2
    /// copes with every attack tried (no confirmed attack, no warning).
    static func confirmedAttack(
      _ syntax: AwkRegexSyntax, program: PCRE2Program, scratch: RegexMatchScratch
    ) -> [UInt8]? {
      guard let ambiguity = LoopAmbiguity(syntax), let pump = ambiguity.exponentialPump() else {
        return nil
      }
      // The attack must fail to match at the end, or PCRE2 stops at the first success;
      // a byte the loop cannot read usually does. A banner matching the regex after it
      // defeats PCRE2's "required byte" shortcut (no `y` in the subject: no attempt).
      let member = LanguageQuestions.shortestWholeMember(syntax) ?? []
      let failures: [[UInt8]] = [
        [], Array("!".utf8), [0x00], [0x0A], Array("!".utf8) + member, [0x00] + member,
      ]
      for count in repetitions {
        for failure in failures {
          let attack =
            pump.prefix + Array([[UInt8]](repeating: pump.pump, count: count).joined())
            + failure
          let gaveUp = attack.withUnsafeBufferPointer { subject in
            do throws(PCRE2Error) {
              _ = try program.firstMatch(in: subject, scratch: scratch)
              return false
            } catch {
              return error.isResourceLimit
            }
          }
          if gaveUp { return attack }
        }
      }
      return nil
    }
  }
}
