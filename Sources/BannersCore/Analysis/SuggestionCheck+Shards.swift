extension SuggestionCheck {
  /// The check's counts as `report --check` writes them, one object per line: `out` for
  /// each candidate out on this shard, `claims` for each shape slot of a live candidate.
  ///
  ///     {"type":"out","candidate":3}
  ///     {"type":"claims","candidate":4,"slot":0,"count":17}
  func countObjects() -> [String] {
    var objects: [String] = []
    for (id, candidate) in candidates.enumerated() {
      if candidate.out {
        objects.append("{\"type\":\"out\",\"candidate\":\(id)}")
        continue
      }
      for (slot, count) in candidate.claims.sorted(by: { $0.key < $1.key }) {
        objects.append(
          "{\"type\":\"claims\",\"candidate\":\(id),\"slot\":\(slot),\"count\":\(count)}")
      }
    }
    return objects
  }

  /// The shape slots candidate `id` may claim: its group's shapes, and one more for
  /// shapes the group's table did not track.
  func slots(of id: Int) -> ClosedRange<Int> { 0...groupSizes[candidates[id].group] }

  /// Adds what a shard's check found for candidate `id`: `out` when a banner of that
  /// shard put it out, else its claims per shape slot.
  ///
  /// This is exact, whatever the shards and their order: a candidate is out when some
  /// banner of the corpus contains it and is classified or residue of another group, so
  /// it is out of the whole when it is out of any shard; a candidate never out claims,
  /// per slot, the banners of its group that contain it, a sum over shards. (Workers'
  /// `knownOut` skipping changes neither: it only leaves out candidates already out.)
  mutating func absorb(candidate id: Int, out: Bool, claims: [Int: Int]) {
    guard !candidates[id].out else { return }
    if out {
      candidates[id].out = true
      candidates[id].claims = [:]
    } else {
      candidates[id].claims.merge(claims, uniquingKeysWith: +)
    }
  }

  /// A fingerprint of the candidates (group, fragment) and the groups' shape counts:
  /// what a check's counts refer to.
  func addFingerprint(to hash: inout FNV1a) {
    hash.add(candidates.count)
    for candidate in candidates {
      hash.add(candidate.group)
      hash.add(candidate.fragment.count)
      hash.add(candidate.fragment)
    }
    for size in groupSizes { hash.add(size) }
  }
}
