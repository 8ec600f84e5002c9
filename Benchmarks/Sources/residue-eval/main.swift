// The residue evaluation's view of `banners report`: which group each banner of a corpus
// falls into and which rules the report suggests, as one JSON object for
// bench/residue-eval/evaluate.py to score. (`report --json` shows a few examples per
// group; scoring needs every banner's group.)
//
//   residue-eval group RULES CORPUS      {"groups":[...], "rules":[...]}
//   residue-eval label RULES CORPUS      {"labels":[...]}  (each banner's label)
import BannersCore
import Foundation

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("residue-eval: \(message)\n".utf8))
  exit(2)
}

func quoted(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out + "\""
}

let arguments = CommandLine.arguments
guard arguments.count == 4, ["group", "label"].contains(arguments[1]) else {
  fail("usage: residue-eval group|label RULES CORPUS")
}
let rules: RuleList
do {
  rules = try RuleList(
    source: try FileBytes.read(arguments[2], limit: FileBytes.ruleFileLimit), file: arguments[2])
} catch { fail("\(error)") }
let matcher = RuleMatcher(rules)
var records: [CorpusRecord] = []
do {
  let reader = try CorpusReader(path: arguments[3])
  while let record = try reader.next() { records.append(record) }
} catch { fail("\(error)") }

if arguments[1] == "label" {
  let labels = records.map { quoted(rules.label(of: matcher.verdict(for: $0.banner ?? []))) }
  print("{\"labels\":[\(labels.joined(separator: ","))]}")
  exit(0)
}

var report = CorpusReport(
  rules: rules, options: .init(examples: 1, limit: Int.max, maxGroups: 10_000))
do {
  try report.scan(ScanRequest(corpora: [arguments[3]]))
} catch { fail("\(error)") }
let templates = report.templates
var index: [ResidueTemplate: Int] = [:]
for (slot, group) in templates.groups.enumerated() { index[group.template] = slot }
var groups: [String] = []
for record in records {
  let banner = record.banner ?? []
  guard matcher.verdict(for: banner) == .residue else {
    groups.append("-1")
    continue
  }
  groups.append(String(index[templates.template(of: ResidueShape(of: banner))] ?? -2))
}
var suggested: [String] = []
for (slot, rules) in (report.suggestedRules ?? []).enumerated() {
  for rule in rules {
    suggested.append(
      "{\"group\":\(slot),\"rule\":\(quoted(rule.ruleLine)),\"label\":\(quoted(rule.label)),"
        + "\"fragment\":\(quoted(String(decoding: rule.fragment, as: UTF8.self))),"
        + "\"claims\":\(rule.claims),\"shapes\":\(rule.shapes)}")
  }
}
print(
  "{\"groups\":[\(groups.joined(separator: ","))],\"templates\":[\(templates.groups.map { quoted($0.template.text) }.joined(separator: ","))],\"rules\":[\(suggested.joined(separator: ","))]}"
)
