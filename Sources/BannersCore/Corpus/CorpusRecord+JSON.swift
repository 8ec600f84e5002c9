extension CorpusRecord {
  /// The record as one corpus line (without the newline), members in the documented
  /// order; the banner goes in `banner` when it is valid UTF-8, else in `banner_b64`.
  public var jsonLine: String {
    var members: [String] = []
    if let address { members.append("\"addr\":\(JSONText.quote(address))") }
    if let port { members.append("\"port\":\(port)") }
    if let time { members.append("\"time\":\(JSONText.quote(time))") }
    members.append("\"outcome\":\(JSONText.quote(outcome.description))")
    if let banner { members.append(JSONText.bannerMember(banner)) }
    return "{" + members.joined(separator: ",") + "}"
  }
}
