import Foundation

extension StringProtocol {
    /// The text in Unicode's composed form (NFC): "é" typed as `e` + U+0301 and as U+00E9 look
    /// the same and must store, count, search and match the same. ASCII text is its own form.
    public var canonicallyComposed: String {
        utf8.allSatisfy({ $0 < 0x80 }) ? String(self) : String(self).precomposedStringWithCanonicalMapping
    }
}
