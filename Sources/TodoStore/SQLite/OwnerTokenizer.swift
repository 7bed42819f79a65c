import CSQLite
import Foundation

/// The tokenizer of `tasks_fts`: `task_owner unicode61 remove_diacritics 0`.
///
/// Every column value starts with its owner's token (`SearchTerms.ownerToken`); the tokenizer
/// drops it and glues it in front of each following token, so the index holds a user's words
/// as `u<owner>groceries`. A search writes the same owner token first in each phrase, so its
/// prefix (`u<owner>groc*`) reads only that user's entries of the index: one user's search
/// costs the same however many other users there are (issue 11 §4.6). Token positions are
/// unchanged (the owner token takes none), which `SearchRank` relies on.
enum OwnerTokenizer {
    static let name = "task_owner"

    /// Registers the tokenizer with the connection's FTS5; it wraps the tokenizer named by its
    /// first argument (`unicode61`), given the remaining arguments.
    static func register(with api: UnsafeMutablePointer<fts5_api>) -> Int32 {
        guard let create = api.pointee.xCreateTokenizer else { return SQLITE_ERROR }
        var module = fts5_tokenizer(xCreate: ownerTokenizerCreate, xDelete: ownerTokenizerDelete, xTokenize: ownerTokenizerTokenize)
        return create(api, name, UnsafeMutableRawPointer(api), &module, nil)
    }
}

/// An instance of an FTS5 tokenizer found by name: what `OwnerTokenizer` wraps and
/// `SearchMatch` splits text with, so both split exactly as the index does.
final class FTS5Tokenizer {
    private let module: fts5_tokenizer
    private let instance: OpaquePointer

    init?(api: UnsafeMutablePointer<fts5_api>, name: String, arguments: [String]) {
        var module = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        guard let find = api.pointee.xFindTokenizer, find(api, name, &context, &module) == SQLITE_OK,
              let create = module.xCreate else { return nil }
        let strings = arguments.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        var pointers = strings.map { UnsafePointer($0) }
        var instance: OpaquePointer?
        guard create(context, &pointers, Int32(pointers.count), &instance) == SQLITE_OK, let instance else { return nil }
        self.module = module
        self.instance = instance
    }

    deinit { module.xDelete?(instance) }

    typealias TokenCallback = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32

    /// Calls `callback` with `context` for each token of `text` (`flags`: FTS5_TOKENIZE_*).
    func tokenize(_ text: UnsafePointer<CChar>?, count: Int32, flags: Int32, context: UnsafeMutableRawPointer,
                  callback: TokenCallback) -> Int32 {
        module.xTokenize?(instance, context, flags, text, count, callback) ?? SQLITE_ERROR
    }
}

/// One tokenization by `OwnerTokenizer`: where its tokens go, and the owner prefix once seen.
private final class OwnerPrefixing {
    let forward: FTS5Tokenizer.TokenCallback
    let context: UnsafeMutableRawPointer?
    var prefix: [UInt8]?
    var buffer: [UInt8] = []

    init(forward: FTS5Tokenizer.TokenCallback, context: UnsafeMutableRawPointer?) {
        self.forward = forward
        self.context = context
    }
}

private func ownerTokenizerCreate(_ api: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                  _ count: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let api, let arguments, count >= 1, let first = arguments[0] else { return SQLITE_ERROR }
    let rest = (1..<Int(count)).compactMap { arguments[$0].map { String(cString: $0) } }
    guard let inner = FTS5Tokenizer(api: api.assumingMemoryBound(to: fts5_api.self), name: String(cString: first), arguments: rest) else {
        return SQLITE_ERROR
    }
    out?.pointee = OpaquePointer(Unmanaged.passRetained(inner).toOpaque())
    return SQLITE_OK
}

private func ownerTokenizerDelete(_ tokenizer: OpaquePointer?) {
    guard let tokenizer else { return }
    Unmanaged<FTS5Tokenizer>.fromOpaque(UnsafeRawPointer(tokenizer)).release()
}

private func ownerTokenizerTokenize(_ tokenizer: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ flags: Int32,
                                    _ text: UnsafePointer<CChar>?, _ count: Int32, _ callback: FTS5Tokenizer.TokenCallback?) -> Int32 {
    guard let tokenizer, let callback else { return SQLITE_ERROR }
    let inner = Unmanaged<FTS5Tokenizer>.fromOpaque(UnsafeRawPointer(tokenizer)).takeUnretainedValue()
    let prefixing = OwnerPrefixing(forward: callback, context: context)
    return withExtendedLifetime(prefixing) {
        inner.tokenize(text, count: count, flags: flags, context: Unmanaged.passUnretained(prefixing).toOpaque(), callback: ownerPrefixedToken)
    }
}

private func ownerPrefixedToken(_ context: UnsafeMutableRawPointer?, _ flags: Int32, _ token: UnsafePointer<CChar>?, _ count: Int32,
                                _ start: Int32, _ end: Int32) -> Int32 {
    guard let context, let token else { return SQLITE_OK }
    let prefixing = Unmanaged<OwnerPrefixing>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: token, count: Int(count))
    guard let prefix = prefixing.prefix else {
        prefixing.prefix = Array(bytes)
        return SQLITE_OK
    }
    prefixing.buffer.removeAll(keepingCapacity: true)
    prefixing.buffer.append(contentsOf: prefix)
    prefixing.buffer.append(contentsOf: bytes)
    return prefixing.buffer.withUnsafeBufferPointer { glued in
        glued.withMemoryRebound(to: CChar.self) { prefixing.forward(prefixing.context, flags, $0.baseAddress, Int32($0.count), start, end) }
    }
}
