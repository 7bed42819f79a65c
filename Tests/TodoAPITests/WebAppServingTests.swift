import Foundation
import Testing
import TodoTestSupport

/// The web app's files as HTTP serves them (`todo serve`): media types, strong validators and
/// 304s, the page's security headers, 404 for a file that does not exist, HEAD; and the files
/// themselves keep to the page's rules (no inline script or handler, no HTML from strings).
@Suite struct WebAppServingTests {
    /// The files the page loads: its style sheet, icon and every module it imports.
    static let files = ["app.css", "icon.svg", "app.js", "api.js", "dom.js", "dates.js", "auth.js", "tasks.js", "editor.js",
                        "quickadd.js", "chat.js", "live.js", "notifications.js"]

    static func server(_ arguments: [String] = []) throws -> ServerProcess {
        try ServerProcess(database: try TestDatabase(.sqlite), arguments: arguments + ["--quiet"])
    }

    @Test func thePageIsHTMLWithAStrictContentSecurityPolicy() throws {
        let server = try Self.server()
        let page = try server.client().get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.header("Cache-Control") == "no-cache")
        #expect(page.header("X-Content-Type-Options") == "nosniff")
        #expect(page.header("Referrer-Policy") == "no-referrer")
        let policy = try #require(page.header("Content-Security-Policy"))
        for directive in ["default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'", "base-uri 'none'",
                          "connect-src 'self' ws://127.0.0.1:\(server.port) wss://127.0.0.1:\(server.port);"] {
            #expect(policy.contains(directive), "\(directive) missing from \(policy)")
        }
        #expect(!policy.contains("unsafe"), "\(policy)")
        #expect(page.text.contains(#"<script type="module" src="/app/app.js"></script>"#))
    }

    @Test func aHostThatCouldInjectADirectiveIsLeftOutOfThePolicy() throws {
        let server = try Self.server()
        let request = "GET / HTTP/1.1\r\nHost: evil.example; script-src *\r\n\r\n"
        let page = try server.client().exchange(Array(request.utf8))
        #expect(page.status == 200)
        let policy = try #require(page.header("Content-Security-Policy"))
        #expect(policy.contains("connect-src 'self';") && !policy.contains("evil"), "\(policy)")
    }

    @Test func everyFileIsServedWithItsTypeAndAStrongETag() throws {
        let server = try Self.server()
        let client = server.client()
        var tags: Set<String> = []
        for file in Self.files {
            let response = try client.get("/app/\(file)")
            #expect(response.status == 200, "\(file): \(response)")
            let expected = file.hasSuffix(".js") ? "text/javascript; charset=utf-8" : file.hasSuffix(".css") ? "text/css; charset=utf-8" : "image/svg+xml"
            #expect(response.header("Content-Type") == expected, "\(file)")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            let tag = try #require(response.header("ETag"))
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"), "\(file): \(tag)")
            tags.insert(tag)
        }
        #expect(tags.count == Self.files.count, "two files share an ETag")
    }

    @Test func aCurrentCopyIsAnswered304AndAStaleOneGetsTheFile() throws {
        let server = try Self.server()
        let client = server.client()
        for target in ["/", "/app/app.js"] {
            let first = try client.get(target)
            let tag = try #require(first.header("ETag"))
            #expect(try client.get(target).header("ETag") == tag, "the tag is stable")
            let again = try client.send("GET", target, headers: [("If-None-Match", tag)])
            #expect(again.status == 304, "\(target): \(again)")
            #expect(again.body.isEmpty)
            #expect(again.header("ETag") == tag)
            let listed = try client.send("GET", target, headers: [("If-None-Match", "\"other\", W/\(tag)")])
            #expect(listed.status == 304, "a list naming it (weakly, as GET compares) is current")
            let stale = try client.send("GET", target, headers: [("If-None-Match", "\"0123\"")])
            #expect(stale.status == 200 && stale.body == first.body)
        }
    }

    @Test func anUnknownFileIs404AndTheAPIIsUnchanged() throws {
        let server = try Self.server()
        let client = server.client()
        for target in ["/app/nope.js", "/app/index.html", "/app/..%2Fapp.js"] {
            let missing = try client.get(target)
            #expect(missing.status == 404, "\(target): \(missing)")
            #expect(missing.errorCode == "not_found")
        }
        #expect(try client.get("/app/").status == 404)
        #expect(try client.get("/index.html").status == 404)
        #expect(try client.get("/api/v1/tasks").status == 401, "the API still wants a token")
        #expect(try client.get("/healthz").status == 200)
    }

    @Test func headAnswersTheHeadersWithoutTheBody() throws {
        let server = try Self.server()
        let client = server.client()
        let get = try client.get("/app/app.css")
        let head = try client.send("HEAD", "/app/app.css")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Type") == "text/css; charset=utf-8")
        #expect(head.header("ETag") == get.header("ETag"))
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(try client.send("HEAD", "/").status == 200)
        #expect(try client.send("POST", "/").status == 405)
    }

    @Test func theBackendServiceAloneServesTheApp() throws {
        let server = try Self.server(["--service", "backend"])
        let page = try server.client().get("/")
        #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(try server.client().get("/app/app.js").status == 200)
    }

    /// Read from the repository: the page keeps to its own CSP and never parses strings as HTML.
    @Test func theFilesHaveNoInlineScriptNoHandlerAttributesAndNoHTMLFromStrings() throws {
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/TodoServices/Web/Assets").standardized
        let page = try String(contentsOf: assets.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression) == nil, "an inline script")
        #expect(page.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "an inline handler")
        #expect(page.range(of: #"\sstyle\s*="#, options: .regularExpression) == nil, "an inline style")
        #expect(!page.contains("http://") && !page.contains("https://"), "everything comes from the server itself")
        for file in Self.files where file.hasSuffix(".js") {
            let source = try String(contentsOf: assets.appendingPathComponent(file), encoding: .utf8)
            for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "http://", "https://"] {
                #expect(!source.contains(forbidden), "\(file) uses \(forbidden)")
            }
        }
    }
}
