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

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.contentType = Self.contentType(ofFileNamed: name)
        self.bytes = bytes
        var digest = [UInt8](repeating: 0, count: 32)
        _ = SHA256(bytes, bytes.count, &digest)
        etag = "\"" + Hex.encode(Array(digest.prefix(16))) + "\""
    }

    /// The media type of the app's kinds of file, by the name's extension.
    private static func contentType(ofFileNamed name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
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
    static let page = WebAsset(name: "index.html", bytes: PackageResources.index_html)

    /// By the name they are served under (`/app/NAME`).
    static let files: [String: WebAsset] = Dictionary(uniqueKeysWithValues: [
        WebAsset(name: "app.css", bytes: PackageResources.app_css),
        WebAsset(name: "icon.svg", bytes: PackageResources.icon_svg),
        WebAsset(name: "app.js", bytes: PackageResources.app_js),
        WebAsset(name: "api.js", bytes: PackageResources.api_js),
        WebAsset(name: "dom.js", bytes: PackageResources.dom_js),
        WebAsset(name: "dates.js", bytes: PackageResources.dates_js),
        WebAsset(name: "auth.js", bytes: PackageResources.auth_js),
        WebAsset(name: "tasks.js", bytes: PackageResources.tasks_js),
        WebAsset(name: "editor.js", bytes: PackageResources.editor_js),
        WebAsset(name: "quickadd.js", bytes: PackageResources.quickadd_js),
        WebAsset(name: "chat.js", bytes: PackageResources.chat_js),
        WebAsset(name: "live.js", bytes: PackageResources.live_js),
        WebAsset(name: "notifications.js", bytes: PackageResources.notifications_js),
    ].map { ($0.name, $0) })
}
