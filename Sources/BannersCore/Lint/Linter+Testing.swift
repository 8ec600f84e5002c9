extension Linter {
  /// A linter whose automata checks return canned findings, so tests can drive what
  /// `Linter` does with them (pair counting, suppression, the duplicate/unreachable
  /// overlap, witnesses) without depending on what the automata find.
  /// `witnesses` pairs an index into the rules that compiled with a banner.
  package init(
    options: Options, cannedDiagnostics: [Diagnostic],
    cannedWitnesses: [(rule: Int, banner: [UInt8])] = []
  ) {
    self.options = options
    let witnesses = cannedWitnesses.map { LanguageChecks.Witness(rule: $0.rule, banner: $0.banner) }
    self.languageChecks = { _, _ in
      var result = LanguageChecks.Result()
      result.diagnostics = cannedDiagnostics
      result.witnesses = witnesses
      return result
    }
  }
}
