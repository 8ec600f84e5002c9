import BannersTestSupport
import Foundation
import Testing

/// The README's examples stay true: every `$ banners ...` example that runs on the
/// shipped rules and corpus is run, and the lines it shows must come out, in that order
/// (a line `...` stands for lines left out; a line cut with `...` at its end must
/// start an output line).
@Suite struct ReadmeExampleTests {
  struct Example: CustomStringConvertible {
    var line: Int
    var arguments: [String]
    var shown: [String]
    var description: String { "README.md:\(line): banners \(arguments.joined(separator: " "))" }
  }

  static func examples() throws -> [Example] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = text.components(separatedBy: "\n")
    var examples: [Example] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      guard let dollar = line.range(of: "$ banners "),
        line[..<dollar.lowerBound].allSatisfy({ $0 == " " })
      else {
        index += 1
        continue
      }
      let indent = line.distance(from: line.startIndex, to: dollar.lowerBound)
      let arguments = line[dollar.upperBound...].split(separator: " ").map(String.init)
      var shown: [String] = []
      let commandLine = index + 1
      index += 1
      // The output shown: the rest of the code block (lines indented as the command,
      // blank lines included while the block goes on), up to the next command.
      func inBlock(_ line: String) -> Bool {
        line.count > indent && line.prefix(indent).allSatisfy { $0 == " " }
          && !line.dropFirst(indent).hasPrefix("$ ")
      }
      while index < lines.count {
        if inBlock(lines[index]) {
          shown.append(String(lines[index].dropFirst(indent)))
        } else if !(lines[index].isEmpty && index + 1 < lines.count && inBlock(lines[index + 1])) {
          break
        }
        index += 1
      }
      // Only examples whose files ship with the repository can run here.
      let files = arguments.filter { $0.contains("/") }
      if files.allSatisfy({
        FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent($0).path)
      }) {
        examples.append(Example(line: commandLine, arguments: arguments, shown: shown))
      }
    }
    return examples
  }

  @Test func examplesOnTheShippedFilesPrintWhatTheReadmeShows() throws {
    let examples = try Self.examples()
    #expect(examples.count >= 3, "the classify, report and diff examples")
    var checked = 0
    for example in examples {
      let run = try runBanners(example.arguments)
      #expect(run.status == 0 || run.status == 1, "\(example): \(run.stderr)")
      var output = run.stdout.components(separatedBy: "\n")[...]
      for shown in example.shown where shown.trimmingCharacters(in: .whitespaces) != "..." {
        checked += 1
        let cut = shown.hasSuffix("...")
        let wanted = cut ? String(shown.dropLast(3)) : shown
        guard let found = output.firstIndex(where: { cut ? $0.hasPrefix(wanted) : $0 == wanted })
        else {
          Issue.record("\(example): shows a line that does not come out (in order): \(shown)")
          break
        }
        output = output[(found + 1)...]
      }
    }
    #expect(checked > 30, "the examples show their output")
  }
}
