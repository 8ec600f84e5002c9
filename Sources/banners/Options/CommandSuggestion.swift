import BannersCore

/// "did you mean 'classify'?" for a mistyped command, as git does.
enum CommandSuggestion {
  /// The message for `arguments` whose first word is neither an option nor a known
  /// command; nil when the command line starts with a known command or an option.
  static func unknownCommand(in arguments: [String], known: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-"), !known.contains(first) else {
      return nil
    }
    let closest = known.map { (name: $0, distance: editDistance(first, $0)) }
      .min { $0.distance < $1.distance }
    var message = "'\(TerminalSafe.escape(first))' is not a banners command"
    if let closest, closest.distance <= max(2, first.count / 3) {
      message += "; did you mean '\(closest.name)'?"
    }
    return message + " (banners --help lists them)"
  }

  /// Levenshtein distance over bytes.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
