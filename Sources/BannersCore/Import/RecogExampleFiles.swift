/// Recog's examples as the project's files: a JSON Lines corpus (one `ok` record per
/// example, `source` naming the XML line) and its snapshot of expected labels, whose
/// identities are the corpus line numbers (records without an address are named by
/// their line, `RecordIdentity`).
///
///     {"outcome":"ok","banner":"foo.bar (IMail 12.4.2.27 21349-1) NT-ESMTP Server X1","source":"smtp_banners.xml:48"}
///
///     # banners snapshot: identity<TAB>outcome<TAB>label, sorted by identity
///     1<TAB>ok<TAB>Ipswitch IMail Server
public struct RecogExampleFiles: Sendable {
  public var corpusText = ""
  public var snapshotText = ""

  public init(examples: [(banner: [UInt8], label: String, location: SourceLocation)]) {
    var entries: [(identity: String, entry: Snapshot.Entry)] = []
    for (index, example) in examples.enumerated() {
      corpusText +=
        "{\"outcome\":\"ok\",\(JSONText.bannerMember(example.banner)),\"source\":\(JSONText.quote(example.location.description))}\n"
      entries.append((String(index + 1), Snapshot.Entry(outcome: .ok, label: example.label)))
    }
    snapshotText = Snapshot.text(entries)
  }

  /// `recog-smtp.jsonl` -> `recog-smtp.snapshot`; a name without an extension gets one.
  public static func snapshotPath(for corpus: String) -> String {
    let slash = corpus.lastIndex(of: "/")
    if let dot = corpus.lastIndex(of: "."), slash.map({ dot > $0 }) ?? true,
      dot != corpus.startIndex, slash.map({ corpus.index(after: $0) != dot }) ?? true
    {
      return String(corpus[..<dot]) + ".snapshot"
    }
    return corpus + ".snapshot"
  }
}
