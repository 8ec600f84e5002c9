extension ResidueGroups {
  /// True when every residue banner counted has its group: nothing was pruned or left
  /// over (the table never filled up).
  public var isComplete: Bool { pruned == 0 && overflow == 0 }

  /// This table and `other` (the table of a later part of the corpus) as one: a shape's
  /// counts added, its examples kept in order (this table's first), shapes in the order
  /// first seen.
  ///
  /// Exact, the table one scan over both parts keeps, when both tables are complete
  /// and their shapes fit `capacity` together: a scan prunes only when its table is
  /// full, and a table never full depends on no order. Otherwise the merged table fills
  /// up as a scan's does, without the order a scan would have seen: groups of one
  /// banner go to `pruned` (when that frees a tenth of the table), then the smallest
  /// groups beyond `capacity` to `overflow`. Every banner stays counted once, in a group,
  /// `pruned` or `overflow`, and a report shows both counts.
  func merged(with other: ResidueGroups) -> ResidueGroups {
    var groups = firstSeen
    var slots: [ResidueShape: Int] = [:]
    for (slot, group) in groups.enumerated() { slots[group.shape] = slot }
    for group in other.firstSeen {
      if let slot = slots[group.shape] {
        groups[slot].count += group.count
        let room = max(0, examples - groups[slot].examples.count)
        groups[slot].examples += group.examples.prefix(room)
      } else {
        slots[group.shape] = groups.count
        groups.append(group)
      }
    }
    var pruned = self.pruned + other.pruned
    var overflow = self.overflow + other.overflow
    if groups.count > capacity {
      let singletons = groups.count(where: { $0.count == 1 })
      if singletons * 10 >= capacity {
        pruned += singletons
        groups.removeAll { $0.count == 1 }
      }
    }
    if groups.count > capacity {
      // The largest groups are the ones a report shows: keep them, in first-seen order.
      let kept = Set(
        groups.indices.sorted {
          groups[$0].count != groups[$1].count ? groups[$0].count > groups[$1].count : $0 < $1
        }.prefix(capacity))
      overflow += groups.indices.filter { !kept.contains($0) }.reduce(0) { $0 + groups[$1].count }
      groups = groups.indices.filter { kept.contains($0) }.map { groups[$0] }
    }
    return ResidueGroups(
      capacity: capacity, examples: examples, groups: groups, pruned: pruned, overflow: overflow)
  }
}
