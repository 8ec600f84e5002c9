extension ReportMerge: InputMerge {
  /// Adds the partials and checks of `input` (one output, or several one after
  /// another), read object by object: each partial or check is folded in as its lines
  /// come (`PartialReading`, `ShardCheck.Reading`), so memory holds the merge and the
  /// piece being read, never the file.
  ///
  /// - Throws: `InputError` naming `file:line` for every line that is wrong; then
  ///   nothing of `input` is added.
  public mutating func add(_ input: inout MergeInput) throws(InputError) {
    var reading = ReportOutputReading(file: input.file, merge: self)
    while !reading.stopped, let line = try input.next() {
      reading.read(line)
    }
    self = try reading.finish()
  }
}

/// One input of a report merge as it is read. Its errors are those a merge gave when it
/// read a file whole, in the same order, in three groups: the lines that are no JSON
/// (of the whole file, up to `FlatJSONObject.errorLimit`); then the framing (headers
/// and end objects where they belong), listed until the error limit; and only when the
/// file has neither, the contents of its partials and checks. Contents are read as the
/// lines come, into a copy of the merge (`merge`) that becomes the merge only when the
/// whole file is right; the first error of the first two groups ends that reading.
struct ReportOutputReading {
  let file: String
  /// The merge with this input's pieces added so far.
  var merge: ReportMerge

  /// Lines that are no JSON.
  var syntaxErrors: [Diagnostic] = []
  /// True when `syntaxErrors` reached the error limit: the file is read no further.
  private(set) var stopped = false

  /// Objects read (lines that are JSON).
  var objects = 0
  /// Framing errors, each with the object (1-based) that makes it; `fatal` for an
  /// object before any header, after which the framing is not read on. Only the first
  /// `errorLimit` are kept: more are never listed.
  var framingErrors: [(object: Int, diagnostic: Diagnostic, fatal: Bool)] = []
  var framingEnded = false
  /// The header of the piece being read.
  var open: (type: String, location: SourceLocation)?
  /// Pieces read from header to end object.
  var pieces = 0

  /// Errors in the contents of the pieces, while there are no others.
  var contentErrors: [Diagnostic] = []
  var contentStopped = false
  var partial: PartialReading?
  var check: ShardCheck.Reading?

  init(file: String, merge: ReportMerge) {
    self.file = file
    self.merge = merge
  }

  mutating func read(_ line: MergeInput.Line) {
    if FlatJSONObject.stopsReading(file, &syntaxErrors) {
      stopped = true
      return
    }
    let object: FlatJSONObject
    switch line.members {
    case .failure(let failure):
      syntaxErrors.append(FlatJSONObject.notJSON(failure, file: file, line: line.number))
      (partial, check) = (nil, nil)
      return
    case .success(let members):
      object = FlatJSONObject(
        location: SourceLocation(file: file, line: line.number), members: members)
    }
    objects += 1
    frame(object)
    if syntaxErrors.isEmpty, framingErrors.isEmpty {
      fold(object)
    } else {
      (partial, check) = (nil, nil)
    }
  }

  /// Checks that `object` stands where its type belongs.
  private mutating func frame(_ object: FlatJSONObject) {
    guard !framingEnded else { return }
    func fail(_ message: String, fatal: Bool = false) {
      if framingErrors.count < FlatJSONObject.errorLimit {
        framingErrors.append(
          (objects, Diagnostic(.error, at: object.location, message), fatal))
      }
      if fatal { framingEnded = true }
    }
    switch object.type {
    case "report_partial", "report_check":
      if let open {
        fail(
          "a new \(object.type!) starts before the one of line \(open.location.line) ended: is that one cut short?"
        )
      }
      open = (object.type!, object.location)
    case "end":
      if open != nil {
        pieces += 1
      } else {
        fail("an end object with no header")
      }
      open = nil
    default:
      if open == nil {
        fail(
          "expected the first object of 'report --partial' or 'report --check' output",
          fatal: true)
      }
    }
  }

  /// Reads `object` into the piece it belongs to (the framing is right so far).
  private mutating func fold(_ object: FlatJSONObject) {
    guard !contentStopped else { return }
    switch object.type {
    case "report_partial", "report_check":
      if FlatJSONObject.stopsReading(file, &contentErrors) {
        contentStopped = true
        return
      }
      if object.type == "report_check" {
        check = ShardCheck.Reading(header: object, errors: &contentErrors)
      } else {
        partial = merge.startPartial(object, errors: &contentErrors)
      }
    case "end":
      if let found = check?.end(object, errors: &contentErrors) {
        merge.checks.append(found)
      }
      if let header = partial?.header, let part = partial?.end(object, errors: &contentErrors) {
        add(part, header: header)
      }
      (partial, check) = (nil, nil)
    default:
      check?.add(object, errors: &contentErrors)
      partial?.add(object, errors: &contentErrors)
    }
  }

  /// Adds the first pass of the partial of `header` to `merge`, unless a count of the
  /// sum would pass `CountLimit.maximum`.
  private mutating func add(_ part: CorpusReport, header: SourceLocation) {
    merge.residueIsExact = merge.residueIsExact && part.residue.isComplete
    guard var sum = merge.firstPass else {
      merge.firstPass = part
      merge.partials += 1
      return
    }
    sum.merge(part)
    if let what = sum.countPastLimit() {
      contentErrors.append(
        Diagnostic(.error, at: header, "adding this partial, \(what): a count \(CountLimit.past)"))
      return
    }
    merge.residueIsExact = merge.residueIsExact && sum.residue.isComplete
    merge.firstPass = sum
    merge.partials += 1
  }

  /// The merge with the whole input added, or its errors.
  consuming func finish() throws(InputError) -> ReportMerge {
    if stopped { throw InputError(syntaxErrors) }
    // The framing errors follow those of syntax; the limit is checked before each
    // object, as a reading of the objects one by one does.
    var errors = syntaxErrors
    var reached = 0
    for (object, diagnostic, fatal) in framingErrors {
      if object > reached {
        if FlatJSONObject.stopsReading(file, &errors) { throw InputError(errors) }
        reached = object
      }
      errors.append(diagnostic)
      if fatal { throw InputError(errors) }
    }
    if objects > reached, FlatJSONObject.stopsReading(file, &errors) {
      throw InputError(errors)
    }
    if let open, !framingEnded {
      errors.append(
        Diagnostic(
          .error, at: SourceLocation(file: file, line: 0),
          "the \(open.type) of line \(open.location.line) has no end object: is it cut short?"))
    }
    if pieces == 0, errors.isEmpty {
      errors.append(
        Diagnostic(
          .error, at: SourceLocation(file: file, line: 0),
          "no output of 'report --partial' or 'report --check' in it"))
    }
    if !errors.isEmpty { throw InputError(errors) }
    if !contentErrors.isEmpty { throw InputError(contentErrors) }
    return merge
  }
}
