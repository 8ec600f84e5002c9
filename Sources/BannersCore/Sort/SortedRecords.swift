/// The records of an `ExternalSorter` in order, one at a time: from memory when
/// nothing was written to disk, else a k-way merge of its runs (a binary heap of
/// readers, ties to the earlier run, so equal keys keep the order they were added in).
///
///     while try records.next() { use(records.key, records.value) }
final class SortedRecords {
  /// The current record's key and value (copied: valid after the next `next()` too,
  /// until overwritten by it).
  private(set) var key: [UInt8] = []
  private(set) var value: [UInt8] = []

  // From memory.
  private let arena: [UInt8]
  private let starts: [Int]
  private let order: [UInt32]
  private var position = -1

  // From runs.
  private let readers: [SortedRunReader]
  /// Indices of `readers` that have a record, a min-heap by (key, index).
  private var heap: [Int] = []
  private var started = false

  init(arena: [UInt8], starts: [Int], order: [UInt32]) {
    self.arena = arena
    self.starts = starts
    self.order = order
    self.readers = []
  }

  init(runs: ArraySlice<SortedRun>) throws(SystemError) {
    arena = []
    starts = []
    order = []
    readers = runs.map { $0.makeReader() }
  }

  /// Moves to the next record; false after the last.
  func next() throws(SystemError) -> Bool {
    guard readers.isEmpty else {
      guard let reader = try advance() else { return false }
      key.removeAll(keepingCapacity: true)
      value.removeAll(keepingCapacity: true)
      key.append(contentsOf: reader.buffer[reader.key])
      value.append(contentsOf: reader.buffer[reader.value])
      return true
    }
    position += 1
    guard position < order.count else { return false }
    let start = starts[Int(order[position])]
    arena.withUnsafeBufferPointer { arena in
      key.removeAll(keepingCapacity: true)
      value.removeAll(keepingCapacity: true)
      key.append(contentsOf: ExternalSorter.key(arena, at: start))
      value.append(contentsOf: ExternalSorter.value(arena, at: start))
    }
    return true
  }

  /// Moves to the next record of a merge and appends its bytes, as runs hold them, to
  /// `file`; false after the last.
  func nextRaw(into file: TemporaryFile) throws(SystemError) -> Bool {
    guard let reader = try advance() else { return false }
    try file.append(reader.buffer[reader.record])
    return true
  }

  /// The reader holding the next record of the merge, or nil at the end.
  private func advance() throws(SystemError) -> SortedRunReader? {
    if !started {
      started = true
      for index in readers.indices {
        guard try readers[index].next() else { continue }
        heap.append(index)
        siftUp(heap.count - 1)
      }
    } else if let top = heap.first {
      if try readers[top].next() {
        siftDown(0)
      } else {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
      }
    }
    return heap.first.map { readers[$0] }
  }

  private func precedes(_ left: Int, _ right: Int) -> Bool {
    let order = readers[left].compareKey(with: readers[right])
    return order != 0 ? order < 0 : left < right
  }

  private func siftUp(_ index: Int) {
    var child = index
    while child > 0 {
      let parent = (child - 1) / 2
      guard precedes(heap[child], heap[parent]) else { return }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private func siftDown(_ index: Int) {
    var parent = index
    while true {
      var smallest = parent
      let left = 2 * parent + 1
      if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
      if left + 1 < heap.count, precedes(heap[left + 1], heap[smallest]) { smallest = left + 1 }
      guard smallest != parent else { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
