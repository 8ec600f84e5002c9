/// A merge of `banners merge`'s inputs, read one at a time and object by object:
/// `TallyMerge` (tallies) and `ReportMerge` (report partials and checks). The command
/// has one loop for both: each input is added or refused whole.
public protocol InputMerge {
  /// Adds the outputs in `input` (one, or several one after another).
  ///
  /// - Throws: `InputError` naming `file:line` for every line that is wrong (at most
  ///   `FlatJSONObject.errorLimit`, then a note); then nothing of `input` is added.
  mutating func add(_ input: inout MergeInput) throws(InputError)
}

extension InputMerge {
  /// `add(_:)` for outputs already in memory: `bytes`, named `file` in errors.
  public mutating func add(jsonLines bytes: [UInt8], file: String) throws(InputError) {
    var input = MergeInput(bytes: bytes, file: file)
    try add(&input)
  }
}
