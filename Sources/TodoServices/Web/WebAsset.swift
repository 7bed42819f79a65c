import CCrypto
import Foundation
import TodoCore

/// One file of the web app, compiled into the binary (Package.swift's `.embedInCode`), with
/// what its responses carry: the media type and a strong validator computed once from the bytes.
struct WebAsset: Sendable {
    let name: String
    let contentType: String
    let bytes: [UInt8]
    /// `"sha256-<first 16 bytes, hex>"`: changes exactly when the bytes do.
    let etag: String

    init(name: String, contentType: String, bytes: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.bytes = bytes
        var digest = [UInt8](repeating: 0, count: 32)
        _ = SHA256(bytes, bytes.count, &digest)
        etag = "\"" + Hex.encode(Array(digest.prefix(16))) + "\""
    }

    /// Whether an `If-None-Match` value names this version (`*`, or one of a list of tags,
    /// weak or strong: RFC 9110 §13.1.2 compares weakly for GET).
    func isMatched(by ifNoneMatch: String?) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}

/// The web app's files: the page at `/` and what it loads from `/app/…`.
enum WebAssets {
    static let page = WebAsset(name: "index.html", contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html)

    /// By the name they are served under (`/app/NAME`).
    static let files: [String: WebAsset] = Dictionary(uniqueKeysWithValues: [
        WebAsset(name: "app.css", contentType: "text/css; charset=utf-8", bytes: PackageResources.app_css),
        WebAsset(name: "icon.svg", contentType: "image/svg+xml", bytes: PackageResources.icon_svg),
        WebAsset(name: "app.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.app_js),
        WebAsset(name: "api.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.api_js),
        WebAsset(name: "dom.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.dom_js),
        WebAsset(name: "dates.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.dates_js),
        WebAsset(name: "auth.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.auth_js),
        WebAsset(name: "tasks.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.tasks_js),
        WebAsset(name: "editor.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.editor_js),
        WebAsset(name: "quickadd.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.quickadd_js),
        WebAsset(name: "chat.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.chat_js),
        WebAsset(name: "live.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.live_js),
        WebAsset(name: "notifications.js", contentType: "text/javascript; charset=utf-8", bytes: PackageResources.notifications_js),
    ].map { ($0.name, $0) })
}
