import ArgumentParser
import BannersCore

extension Banners {
  /// `banners import nmap-service-probes|recog FILE`: a foreign rule base as a rule list.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Print Nmap's or Recog's rules as a rule list.",
      discussion: """
        Each source rule becomes one rule, in the source's order, with the label the
        source gives and a comment naming its file:line. A regex is translated where
        awk has the same answer to "does it match"; a rule that cannot be translated
        exactly (back-references, look-around, \\b, a label built from captures) is
        named on stderr with the reason and left out, or kept with --approximate and
        a comment. The counts go to stderr.

          banners import nmap-service-probes nmap-service-probes \\
            --probe NULL --probe Help --service smtp > nmap-smtp.rules
          banners import recog smtp_banners.xml --examples recog-smtp.jsonl > recog-smtp.rules
          banners test recog-smtp.rules recog-smtp.jsonl --expect recog-smtp.snapshot
        """,
      subcommands: [NmapServiceProbesImport.self, RecogImport.self]
    )
  }

  struct ImportOptions: ParsableArguments {
    @Flag(
      help:
        "Keep rules that cannot be translated exactly, with the nearest superset and a comment saying what differs."
    )
    var approximate = false
  }

  struct NmapServiceProbesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "nmap-service-probes",
      abstract: "Import the match lines of Nmap's nmap-service-probes.",
      discussion: """
        Hard matches come first in the file's order, then soft matches: Nmap's own
        rule (a softmatch names the service only when no hard match does). Labels are
        the service and p/product/ as Nmap prints them: "smtp Postfix smtpd".

          banners import nmap-service-probes /usr/share/nmap/nmap-service-probes \\
            --probe NULL --service smtp
        """
    )

    @Argument(help: ArgumentHelp("Nmap's nmap-service-probes file.", valueName: "file"))
    var file: String

    @Option(
      help: ArgumentHelp(
        "A probe whose matches to import (NULL, Help, ...; any case; repeatable).",
        valueName: "name"))
    var probe: [String] = ["NULL"]

    @Option(help: ArgumentHelp("Only matches of this service, e.g. smtp.", valueName: "name"))
    var service: String?

    @OptionGroup var options: ImportOptions

    func run() throws {
      let bytes = try readInput(file)
      let probes: NmapServiceProbes
      do {
        probes = try NmapServiceProbes(parsing: bytes, file: file)
      } catch {
        throw exitWithInputError(error)
      }
      let unknown = probe.filter { name in
        !probes.probes.contains { $0.lowercased() == name.lowercased() }
      }
      if !unknown.isEmpty {
        StandardError.write(
          "banners: error: \(TerminalSafe.escapeControls(file)) has no probe \(unknown.joined(separator: ", ")) (it has \(probes.probes.prefix(8).joined(separator: ", ")), ...)\n"
        )
        throw ExitCode(2)
      }
      let result = probes.ruleImport(
        probes: probe, service: service, approximate: options.approximate)
      let header = [
        "Imported by banners from \(file): probe \(probe.joined(separator: ", "))"
          + (service.map { ", service \($0)" } ?? "") + ", in Nmap's order (hard, then soft)."
      ]
      finish(result, header: header, source: file)
    }
  }

  struct RecogImport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "recog",
      abstract: "Import a Recog XML fingerprint file.",
      discussion: """
        Labels are the vendor and product parameters of the fingerprint (service.*,
        else os.*, else hw.*), e.g. "Ipswitch IMail Server". With --examples, the
        fingerprints' <example> banners are written as a corpus, and beside it (the
        same name, .snapshot in place of the extension) the labels Recog expects, so
        that `banners test` runs Recog's own example check ("matches this regex
        first") on the imported list:

          banners import recog smtp_banners.xml --examples recog-smtp.jsonl > recog-smtp.rules
          banners test recog-smtp.rules recog-smtp.jsonl --expect recog-smtp.snapshot

        Examples of fingerprints left out are left out too.
        """
    )

    @Argument(help: ArgumentHelp("A Recog fingerprint file.", valueName: "file.xml"))
    var file: String

    @Option(
      help: ArgumentHelp(
        "Write the examples as a JSON Lines corpus here, and the expected labels beside it.",
        valueName: "corpus"))
    var examples: String?

    @OptionGroup var options: ImportOptions

    func run() throws {
      let bytes = try readInput(file)
      let fingerprints: RecogFingerprints
      do {
        fingerprints = try RecogFingerprints(parsing: bytes, file: file)
      } catch {
        throw exitWithInputError(error)
      }
      let result = fingerprints.ruleImport(file: file, approximate: options.approximate)
      if let examples {
        let (kept, leftOut) = fingerprints.examples(keptBy: result)
        let files = RecogExampleFiles(examples: kept)
        let snapshotPath = RecogExampleFiles.snapshotPath(for: examples)
        do {
          try writeFileReplacing(examples, Array(files.corpusText.utf8))
          try writeFileReplacing(snapshotPath, Array(files.snapshotText.utf8))
        } catch {
          StandardError.write("banners: error: \(TerminalSafe.escapeControls(error.description))\n")
          throw ExitCode(2)
        }
        StandardError.write(
          "banners: wrote \(kept.count) examples to \(TerminalSafe.escapeControls(examples)) and their labels to \(TerminalSafe.escapeControls(snapshotPath))"
            + (leftOut > 0 ? " (\(leftOut) examples of fingerprints left out)" : "") + "\n")
      }
      let header = [
        "Imported by banners from \(file)"
          + (fingerprints.matchKey.map { " (Recog matches \($0))" } ?? "") + ", in Recog's order."
      ]
      finish(result, header: header, source: file)
    }
  }
}

/// Reads an input file for an import, or prints why not and gives status 2.
private func readInput(_ path: String) throws -> [UInt8] {
  do {
    return try FileBytes.read(path, limit: FileBytes.ruleFileLimit)
  } catch {
    StandardError.write(
      "banners: error: cannot read \(TerminalSafe.escapeControls(path)): \(error)\n")
    throw ExitCode(2)
  }
}

/// Prints the rule list on stdout, and the reasons and counts on stderr.
private func finish(_ result: RuleImport, header: [String], source: String) {
  for diagnostic in result.diagnostics {
    StandardError.write(TerminalSafe.escapeControls(diagnostic.description) + "\n")
  }
  StandardOutput.shared.write(result.ruleListText(header: header))
  StandardOutput.shared.flush()
  StandardError.write(
    "banners: \(TerminalSafe.escapeControls(source)): \(result.rules.count) rules: \(result.countsText)\n"
  )
}
