/// Branches that gawk and original-awk both never match, for a reason of their own each,
/// where PCRE2 (and mawk) would match: a quantified `$` before another `$` (`$+$`,
/// `$$+`, `($+)$`, `a($+$)`; issue 12). banners follows the two, the majority.
///
/// - gawk never matches a branch that reaches a `$` quantified with a minimum of one or
///   more (`$+`, `${1,}`) across nothing but anchors (`$+`, `^$+`, `$*$+`); a group
///   none of whose branches can match cannot either. (`a$+$` is `a` at the end.)
/// - original-awk reads `$` as one virtual byte at the end of the string, so a path that
///   must pass two `$`s (`$$`, `$+$`, `a$+$`, `($)+$`, `$+` in `($+|b)$`) never matches.
///
/// Where only one of them never matches (`$+`, `$$`, `a$+$`), gawk or original-awk sides
/// with mawk, and the PCRE2 reading (`$` any number of times is one `$`) stands. Checked
/// on gawk 5.2.1, mawk 1.3.4 and original-awk 20220912 (docs/awk-semantics.md).
extension AwkRegexSyntax {
  /// Marks every branch, at any depth, that gawk and original-awk both never match, by
  /// putting an item that matches no byte in front of it.
  mutating func markUnmatchableEndRuns() {
    root = Self.marked(root, context: 0)
  }

  /// Offsets of the branches, at any depth, that must pass `$` twice (`($)+$`, `$$`),
  /// which original-awk never matches and gawk and mawk may.
  func branchesPassingTwoEnds() -> [Int] {
    var offsets: [Int] = []
    func visit(_ alternation: Alternation) {
      for branch in alternation.branches {
        if Self.minimumEnds(branch) >= 2, let first = branch.items.first {
          offsets.append(first.offset)
        }
        for item in branch.items { visit(item) }
      }
    }
    func visit(_ item: Item) {
      switch item.kind {
      case .group(let alternation, _): visit(alternation)
      case .repeated(let inner, _): visit(inner)
      default: break
      }
    }
    visit(root)
    return offsets
  }

  /// `[^\x00-\xff]`: a bracket expression that no byte matches.
  static func nothing(at offset: Int) -> Item {
    Item(kind: .bracket(.init(negated: true, members: [.range(0x00, 0xFF)])), offset: offset)
  }

  /// `context`: the fewest `$`s the paths around the alternation pass (`($+|b)$`: 1),
  /// which count for original-awk as much as its own.
  private static func marked(_ alternation: Alternation, context: Int = 0) -> Alternation {
    var alternation = alternation
    for index in alternation.branches.indices {
      var branch = alternation.branches[index]
      let ends = branch.items.map(minimumEnds)
      let total = ends.reduce(context, +)
      // Decided on the branch as written, before its groups are marked.
      let unmatchable = gawkNeverMatches(branch) && total >= 2
      for (position, item) in branch.items.enumerated() {
        branch.items[position] = marked(item, context: min(2, total - ends[position]))
      }
      if unmatchable { branch.items.insert(nothing(at: branch.items.first?.offset ?? 0), at: 0) }
      alternation.branches[index] = branch
    }
    return alternation
  }

  private static func marked(_ item: Item, context: Int) -> Item {
    var item = item
    switch item.kind {
    case .group(let alternation, let close):
      item.kind = .group(marked(alternation, context: context), closeOffset: close)
    case .repeated(let inner, let quantifier):
      item.kind = .repeated(marked(inner, context: context), quantifier)
    default: break
    }
    return item
  }

  private static func gawkNeverMatches(_ branch: Concatenation) -> Bool {
    var onlyAnchorsSoFar = true
    for item in branch.items {
      if neverMatches(item) { return true }
      switch item.kind {
      case .repeated(let inner, let quantifier) where inner.kind == .end:
        if quantifier.min >= 1 && onlyAnchorsSoFar { return true }
      case .start, .end: break
      case .repeated(let inner, _) where inner.kind == .start: break
      default: onlyAnchorsSoFar = false
      }
    }
    return false
  }

  private static func neverMatches(_ item: Item) -> Bool {
    switch item.kind {
    case .group(let alternation, _): alternation.branches.allSatisfy(gawkNeverMatches)
    case .repeated(let inner, let quantifier): quantifier.min >= 1 && neverMatches(inner)
    default: false
    }
  }

  /// The fewest `$`s a path through the branch passes (saturating at 2: that is enough).
  private static func minimumEnds(_ branch: Concatenation) -> Int {
    min(2, branch.items.reduce(0) { $0 + minimumEnds($1) })
  }

  private static func minimumEnds(_ item: Item) -> Int {
    switch item.kind {
    case .end: 1
    case .group(let alternation, _): alternation.branches.map(minimumEnds).min() ?? 0
    case .repeated(let inner, let quantifier): min(2, quantifier.min * minimumEnds(inner))
    default: 0
    }
  }
}
