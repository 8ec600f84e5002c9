import BannersTestSupport
import Foundation
import Testing

/// The examples of the README and docs/ stay true: every `$ banners ...` example that
/// runs on the shipped rules and corpus is run, and the lines it shows must come out, in
/// that order (a line `...` stands for lines left out; a line cut with `...` at its end
/// must start an output line).
@Suite struct ReadmeExampleTests {
  struct Example: CustomStringConvertible {
    var file: String
    var line: Int
    var arguments: [String]
    var shown: [String]
    var description: String { "\(file):\(line): banners \(arguments.joined(separator: " "))" }
  }

  static var documents: [String] {
    let docs =
      (try? FileManager.default.contentsOfDirectory(
        atPath: packageRoot.appendingPathComponent("docs").path)) ?? []
    return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
  }

  static func examples(in file: String) throws -> [Example] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
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
        examples.append(
          Example(file: file, line: commandLine, arguments: arguments, shown: shown))
      }
    }
    return examples
  }

  @Test func examplesOnTheShippedFilesPrintWhatTheDocumentsShow() throws {
    let examples = try Self.documents.flatMap { try Self.examples(in: $0) }
    #expect(
      examples.filter { $0.file == "README.md" }.count >= 4,
      "the classify, report, diff and test examples")
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

/// The README's "rule author's workflow", command by command, in a copy of the shipped
/// files: a new rule moves exactly the banner it was written for.
@Suite struct ReadmeWorkflowTests {
  @Test func addingTheSuggestedRuleMovesOneBannerAndTheSnapshotRecordsIt() throws {
    let scratch = try makeScratchDirectory()
    for file in ["rules/smtp-1998.rules", "corpus/smtp-1998-sample.jsonl"] {
      let target = scratch.appendingPathComponent(file)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(file), to: target)
    }
    try FileManager.default.copyItem(
      at: scratch.appendingPathComponent("rules/smtp-1998.rules"),
      to: scratch.appendingPathComponent("rules/my.rules"))
    let corpus = "corpus/smtp-1998-sample.jsonl"
    let snapshot = ["--expect", "corpus/my.snapshot"]
    let first = try runBanners(
      ["test", "rules/my.rules", corpus] + snapshot + ["--update"], directory: scratch)
    #expect(first.status == 0)
    #expect(first.stderr == "banners: wrote 212 records to corpus/my.snapshot\n")
    let rules = scratch.appendingPathComponent("rules/my.rules")
    let handle = try FileHandle(forWritingTo: rules)
    handle.seekToEndOfFile()
    handle.write(Data("/NetWare SMTP Server \\(NLM\\) ready/ NetWare SMTP\n".utf8))
    try handle.close()
    let diff = try runBanners(
      ["diff", "rules/smtp-1998.rules", "rules/my.rules", corpus], directory: scratch)
    #expect(diff.status == 1)
    #expect(diff.stdout.contains("Labels moved (old -> new), 1 of 197 connections:"))
    #expect(diff.stdout.contains("      1  not sure -> NetWare SMTP\n"))
    let report = try runBanners(["report", "rules/my.rules", corpus], directory: scratch)
    #expect(report.stdout.contains("98 rules: 91 live, 7 dead, 0 shadowed"))
    let moved = try runBanners(["test", "rules/my.rules", corpus] + snapshot, directory: scratch)
    #expect(moved.status == 1)
    #expect(moved.stdout.hasPrefix("1 of 212 records moved:\n"))
    let updated = try runBanners(
      ["test", "rules/my.rules", corpus] + snapshot + ["--update"], directory: scratch)
    #expect(updated.status == 0)
    let clean = try runBanners(["test", "rules/my.rules", corpus] + snapshot, directory: scratch)
    #expect(clean.status == 0)
    #expect(clean.stdout == "212 records, nothing moved\n")
  }
}
