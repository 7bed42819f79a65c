import Foundation
import TodoHTTP

/// The web app (DESIGN §5): the page at `/` and its files at `/app/NAME`, compiled into the
/// binary. Every answer carries a strong `ETag` and is revalidated (`Cache-Control: no-cache`,
/// `If-None-Match` → 304): the modules import each other by name, so their URLs carry no hash
/// to make them immutable (docs/decisions.md).
struct WebAppController: Sendable {
    func addRoutes(to router: Router<AppContext>) {
        router.get("/", documentation: Self.pageDocumentation) { request, _ in
            var response = Self.answer(WebAssets.page, to: request)
            Self.addPageSecurityHeaders(&response, host: request.headers["Host"])
            return response
        }
        router.get("/app/:file", documentation: Self.fileDocumentation) { request, context in
            let name = try context.parameters.require("file")
            guard let asset = WebAssets.files[name] else { throw HTTPError.notFound("the web app has no file \(name.prefix(100))") }
            return Self.answer(asset, to: request)
        }
    }

    /// The asset, or 304 when the client's copy is this version.
    static func answer(_ asset: WebAsset, to request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = ["ETag": asset.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"]
        if asset.isMatched(by: request.headers["If-None-Match"]) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", asset.contentType)
        return HTTPResponse(status: .ok, headers: headers, body: asset.bytes)
    }

    /// The page runs only its own files and talks only to its own origin: no inline script or
    /// style, no framing, no referrer, and the live updates' WebSocket to the host it came from.
    static func addPageSecurityHeaders(_ response: inout HTTPResponse, host: String?) {
        response.headers.add("Content-Security-Policy", contentSecurityPolicy(host: host))
        response.headers.add("Referrer-Policy", "no-referrer")
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("Cross-Origin-Opener-Policy", "same-origin")
    }

    /// `connect-src 'self'` covers ws: and wss: of the page's origin in CSP Level 3 browsers;
    /// older ones need the WebSocket's origin named, so the `Host` is added when it is a plain
    /// host[:port] (anything else in it could inject a directive).
    static func contentSecurityPolicy(host: String?) -> String {
        var connect = "'self'"
        if let host, !host.isEmpty, host.count <= 255,
           host.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || ".-:[]".unicodeScalars.contains($0) }) {
            connect += " ws://\(host) wss://\(host)"
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src \(connect); "
            + "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    static let notModified = OperationDocumentation.Response(.notModified, "The client's copy (If-None-Match) is current.")

    static let pageDocumentation = OperationDocumentation(
        "The web app's page", id: "webAppPage", tags: ["web app"],
        description: "The single-page web app (HTML; its scripts and styles are under /app/). Revalidated with ETag.",
        parameters: [.header("If-None-Match", .string(), description: "An ETag of an earlier answer: 304 when it is still current.")],
        responses: [.init(.ok, "The page.", contentType: "text/html", schema: .string()), notModified, APIDocumentation.error])

    static let fileDocumentation = OperationDocumentation(
        "A file of the web app", id: "webAppFile", tags: ["web app"],
        description: "A script, style sheet or image of the web app, by name (app.js, app.css, icon.svg, …). Revalidated with ETag.",
        parameters: [.path("file", .string(minLength: 1), description: "The file's name."),
                     .header("If-None-Match", .string(), description: "An ETag of an earlier answer: 304 when it is still current.")],
        responses: [.init(.ok, "The file: text/javascript, text/css or image/svg+xml.", contentType: "*/*", schema: .string()),
                    notModified, .init(.notFound, "No such file.", schema: .reference(to: HTTPError.self)), APIDocumentation.error])
}
