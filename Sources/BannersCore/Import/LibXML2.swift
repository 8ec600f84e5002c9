// The only file that imports CLibXML2 (CI checks this). Every type here is internal:
// the rest of the package sees `XMLEventHandler`, `XMLParseFailure` and Swift values.
//
// libxml2's SAX2 push parser, set up as FoundationXML's `XMLParser` (the parser this
// replaces) set it up: the first four bytes create the context (they name the
// encoding), then options RECOVER | NOENT, then the rest in one chunk; every error or
// warning goes to a structured error handler. What differs is only what could reach
// outside the document: no external entity is ever loaded (`getEntity` hides them, so a
// reference to one is an "undefined entity" error; XMLParser dropped it silently), no
// external DTD subset is read, and NONET besides. Entity expansion keeps libxml2's own limits (no XML_PARSE_HUGE), so a
// "billion laughs" document is an error, not gigabytes.
import CLibXML2

/// What a SAX parse reports, in document order.
protocol XMLEventHandler: AnyObject {
  /// An element opened.
  ///
  /// - Parameters:
  ///   - name: the name as written, prefix included (`x:fingerprint`).
  ///   - attributes: by qualified name; namespace declarations are in it too, as
  ///     `xmlns` and `xmlns:x` (as `XMLParser` gave them); entities are replaced.
  ///   - line: the parser's line at the end of the start tag (its `>`).
  func startElement(_ name: String, attributes: [String: String], line: Int)
  /// An element closed; `name` as in `startElement`.
  func endElement(_ name: String)
  /// Character data in UTF-8: text, CDATA sections and the replacement text of internal
  /// entities, in pieces as the parser finds them.
  func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// The first error (or warning) libxml2 reported, where the parser was at that moment.
struct XMLParseFailure: Error, Equatable {
  /// libxml2's `xmlParserErrors` code (76: opening and closing tags do not match).
  var code: Int
  var line: Int
  var column: Int
}

/// libxml2's SAX2 parser over a document in memory.
enum LibXML2SAX {
  /// Parses `bytes` as one XML document, reporting its events to `handler`.
  ///
  /// As libxml2 recovers from errors, events may follow an error; the caller decides
  /// what a failed document is worth.
  ///
  /// - Returns: the first error, or nil when the document is well formed.
  static func parse(_ bytes: [UInt8], handler: some XMLEventHandler) -> XMLParseFailure? {
    guard !bytes.isEmpty else {
      // libxml2 would say "extra content at the end" of nothing at all.
      return XMLParseFailure(code: Int(XML_ERR_DOCUMENT_EMPTY.rawValue), line: 1, column: 1)
    }
    xmlInitParser()
    let state = SAXState(handler: handler)
    return withExtendedLifetime(state) {
      let statePointer = Unmanaged.passUnretained(state).toOpaque()
      // The handler of every error, as XMLParser installs it: also those libxml2 raises
      // without a parser context (encodings). Thread-local in libxml2; reset after.
      xmlSetStructuredErrorFunc(statePointer) { data, error in
        guard let data, let error else { return }
        let state = Unmanaged<SAXState>.fromOpaque(data).takeUnretainedValue()
        state.record(code: Int(error.pointee.code))
      }
      defer { xmlSetStructuredErrorFunc(nil, nil) }

      var sax = handlerTable()
      let headCount = min(4, bytes.count)
      // The user data is our state, not the context: were it the context, libxml2 would
      // look entities up itself when `getEntity` finds none, external ones included.
      let context = bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
          xmlCreatePushParserCtxt(&sax, statePointer, $0.baseAddress, Int32(headCount), nil)
        }
      }
      guard let context else {
        return state.firstError ?? XMLParseFailure(code: 2, line: 0, column: 0)  // no memory
      }
      defer {
        // The document the SAX2 defaults made to hold the DTD's entity declarations.
        if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        context.pointee.myDoc = nil
        xmlFreeParserCtxt(context)
      }
      state.context = context
      _ = xmlCtxtUseOptions(
        context,
        Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue))
      var result: Int32 = 0
      bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { all in
          var offset = headCount
          // The rest in one chunk, as XMLParser fed it; in chunks of 1 GiB only past
          // that, as xmlParseChunk takes an Int32 (callers bound files far below).
          repeat {
            let count = min(all.count - offset, 1 << 30)
            let last = offset + count == all.count
            result = xmlParseChunk(
              context, all.baseAddress.map { $0 + offset }, Int32(count), last ? 1 : 0)
            offset += count
          } while offset < all.count && result == 0
        }
      }
      if let first = state.firstError { return first }
      guard result == 0 else {
        return XMLParseFailure(
          code: Int(result), line: Int(xmlSAX2GetLineNumber(context)),
          column: Int(xmlSAX2GetColumnNumber(context)))
      }
      return nil
    }
  }

  /// libxml2's SAX2 handlers for the DTD (they keep its entity declarations, which
  /// NOENT replaces) and the document they go in, called with the document's context;
  /// our events in place of building a tree; nothing that loads.
  private static func handlerTable() -> xmlSAXHandler {
    var sax = xmlSAXHandler()
    _ = xmlSAXVersion(&sax, 2)
    sax.startDocument = { data in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2StartDocument(context)
    }
    sax.endDocument = { data in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2EndDocument(context)
    }
    sax.internalSubset = { data, name, externalID, systemID in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2InternalSubset(context, name, externalID, systemID)
    }
    sax.isStandalone = { data in
      guard let context = SAXState.of(data)?.context else { return 0 }
      return xmlSAX2IsStandalone(context)
    }
    sax.hasInternalSubset = { data in
      guard let context = SAXState.of(data)?.context else { return 0 }
      return xmlSAX2HasInternalSubset(context)
    }
    sax.hasExternalSubset = { data in
      guard let context = SAXState.of(data)?.context else { return 0 }
      return xmlSAX2HasExternalSubset(context)
    }
    sax.entityDecl = { data, name, type, publicID, systemID, content in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2EntityDecl(context, name, type, publicID, systemID, content)
    }
    sax.unparsedEntityDecl = { data, name, publicID, systemID, notation in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2UnparsedEntityDecl(context, name, publicID, systemID, notation)
    }
    sax.notationDecl = { data, name, publicID, systemID in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2NotationDecl(context, name, publicID, systemID)
    }
    sax.attributeDecl = { data, element, name, type, defaultType, defaultValue, tree in
      // libxml2's handler owns `tree` (it frees it).
      guard let context = SAXState.of(data)?.context else { return xmlFreeEnumeration(tree) }
      xmlSAX2AttributeDecl(context, element, name, type, defaultType, defaultValue, tree)
    }
    sax.elementDecl = { data, name, type, content in
      guard let context = SAXState.of(data)?.context else { return }
      xmlSAX2ElementDecl(context, name, type, content)
    }
    // Only the document's own entities: an external one would be read from a file or
    // fetched (NOENT loads what it replaces), so it is hidden and its reference is an
    // error. Parameter entities are not looked up at all, as XMLParser did not.
    sax.getEntity = { data, name in
      guard let context = SAXState.of(data)?.context,
        let entity = xmlSAX2GetEntity(context, name)
      else { return nil }
      switch entity.pointee.etype {
      case XML_INTERNAL_GENERAL_ENTITY, XML_INTERNAL_PREDEFINED_ENTITY: return entity
      default: return nil
      }
    }
    sax.getParameterEntity = nil
    sax.externalSubset = nil
    sax.resolveEntity = nil
    sax.setDocumentLocator = nil
    sax.startElementNs = {
      data, localName, prefix, _, namespaceCount, namespaces, count, _, attributes in
      guard let state = SAXState.of(data), let localName else { return }
      var dictionary: [String: String] = [:]
      if let namespaces {
        for index in stride(from: 0, to: Int(namespaceCount) * 2, by: 2) {
          let name = namespaces[index].map { "xmlns:" + string($0) } ?? "xmlns"
          dictionary[name] = namespaces[index + 1].map(string) ?? ""
        }
      }
      // Five pointers per attribute: local name, prefix, URI, value, end of value.
      if let attributes {
        for index in stride(from: 0, to: Int(count) * 5, by: 5) {
          guard let name = attributes[index] else { continue }
          let key = qualifiedName(name, prefix: attributes[index + 1])
          guard let value = attributes[index + 3], let end = attributes[index + 4] else {
            continue
          }
          dictionary[key] = String(
            decoding: UnsafeBufferPointer(start: value, count: max(0, end - value)),
            as: UTF8.self)
        }
      }
      state.handler.startElement(
        qualifiedName(localName, prefix: prefix), attributes: dictionary,
        line: Int(xmlSAX2GetLineNumber(state.context)))
    }
    sax.endElementNs = { data, localName, prefix, _ in
      guard let state = SAXState.of(data), let localName else { return }
      state.handler.endElement(qualifiedName(localName, prefix: prefix))
    }
    let characters: charactersSAXFunc = { data, bytes, count in
      guard let state = SAXState.of(data), let bytes, count > 0 else { return }
      state.handler.characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
    }
    sax.characters = characters
    sax.ignorableWhitespace = characters
    sax.cdataBlock = characters
    // Not needed, and the defaults would add nodes to a tree we do not build. Errors go
    // to the structured handler `parse` installs, never to these.
    sax.startElement = nil
    sax.endElement = nil
    sax.reference = nil
    sax.comment = nil
    sax.processingInstruction = nil
    sax.warning = nil
    sax.error = nil
    sax.fatalError = nil
    sax.serror = nil
    return sax
  }
}

private func string(_ bytes: UnsafePointer<xmlChar>) -> String {
  String(cString: bytes)
}

private func qualifiedName(
  _ localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?
) -> String {
  guard let prefix, prefix.pointee != 0 else { return string(localName) }
  return string(prefix) + ":" + string(localName)
}

/// One parse's handler, context and first error, reached from libxml2's callbacks.
private final class SAXState {
  let handler: any XMLEventHandler
  /// The document's context: lines and columns are read from it (as XMLParser read
  /// them), also while an entity's content is parsed in a child context, and the
  /// SAX2 handlers of the DTD are called with it.
  var context: xmlParserCtxtPtr?
  var firstError: XMLParseFailure?

  init(handler: any XMLEventHandler) { self.handler = handler }

  func record(code: Int) {
    guard firstError == nil else { return }
    firstError = XMLParseFailure(
      code: code, line: Int(xmlSAX2GetLineNumber(context)),
      column: Int(xmlSAX2GetColumnNumber(context)))
  }

  /// The state behind a callback's user data.
  static func of(_ data: UnsafeMutableRawPointer?) -> SAXState? {
    data.map { Unmanaged<SAXState>.fromOpaque($0).takeUnretainedValue() }
  }
}
