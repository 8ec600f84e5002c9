import BannersTestSupport
import Foundation
import Synchronization
import Testing

@testable import BannersCore

/// `ExternalSorter` gives what one stable sort of everything gives, whether it holds
/// the records or writes runs and merges them (in one pass or several).
@Suite struct ExternalSorterTests {
  /// Scratch files in a fresh directory, counting the files made.
  final class CountingScratch: Sendable {
    let directory: URL
    let made = Atomic<Int>(0)
    var files: ScratchFiles {
      let directory = directory.path
      return ScratchFiles(directory: directory) { [self] () throws(SystemError) in
        made.add(1, ordering: .relaxed)
        return try TemporaryFile(in: directory)
      }
    }

    init() throws { directory = try makeScratchDirectory() }

    /// Names left in the directory: none, the files are unlinked when made.
    var leftovers: [String] {
      (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
    }
  }

  func records(seed: UInt64, count: Int) -> [(key: [UInt8], value: [UInt8])] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { index in
      // Few distinct short keys, so equal keys and prefixes are common.
      let length = Int(random.next() % 4)
      let key = (0..<length).map { _ in UInt8(random.next() % 3) + 0x61 }
      return (key, Array("\(index)".utf8))
    }
  }

  @Test(arguments: [(1 << 30, 16), (300, 16), (300, 2), (40, 3), (1, 2)])
  func givesTheOrderOfOneStableSort(memory: Int, fanIn: Int) throws {
    let scratch = try CountingScratch()
    for seed in 1...3 {
      let input = records(seed: UInt64(seed), count: 500)
      var sorter = ExternalSorter(memory: memory, scratch: scratch.files, fanIn: fanIn)
      for record in input { try sorter.append(key: record.key, value: record.value) }
      let records = try sorter.sorted()
      var output: [(key: [UInt8], value: [UInt8])] = []
      while try records.next() { output.append((records.key, records.value)) }
      let expected = input.enumerated().sorted {
        $0.element.key == $1.element.key
          ? $0.offset < $1.offset : $0.element.key.lexicographicallyPrecedes($1.element.key)
      }.map(\.element)
      #expect(output.map(\.key) == expected.map(\.key))
      #expect(output.map(\.value) == expected.map(\.value), "equal keys in the order added")
    }
    #expect((scratch.made.load(ordering: .relaxed) > 0) == (memory < 1 << 30))
    #expect(scratch.leftovers.isEmpty)
  }

  @Test func aFullDiskNamesTheDirectory() throws {
    var sorter = ExternalSorter(memory: 10, scratch: .full(directory: "/mnt/full disk"))
    do {
      for record in records(seed: 1, count: 100) {
        try sorter.append(key: record.key, value: record.value)
      }
      Issue.record("expected a write to fail")
    } catch {
      #expect(error.errno == ENOSPC)
      #expect(
        error.description
          == "cannot write a temporary file in /mnt/full disk (TMPDIR names the directory): No space left on device"
      )
    }
  }

  @Test func aMissingDirectoryIsNamed() throws {
    var sorter = ExternalSorter(
      memory: 10, scratch: ScratchFiles(directory: "/nonexistent/banners-scratch"))
    #expect {
      for record in records(seed: 1, count: 100) {
        try sorter.append(key: record.key, value: record.value)
      }
    } throws: { error in
      "\(error)".hasPrefix("cannot create a temporary file in /nonexistent/banners-scratch")
    }
  }
}
