import Testing
@testable import TodoServices

/// Which Accept headers let `/mcp` answer with JSON (406 otherwise).
@Suite struct MCPAcceptTests {
    @Test(arguments: ["application/json, text/event-stream", "text/event-stream, application/json", "APPLICATION/JSON;q=0.9",
                      " application/* ", "*/*", "\tapplication/json\t; charset=utf-8", "text/html,,application/json"])
    func headersThatAdmitJSON(accept: String) {
        #expect(MCPController.acceptsJSON(accept))
    }

    @Test(arguments: ["text/html", "", ",", "application/jsonx", "application/json-seq", "text/*", "application/ json", "é/json"])
    func headersThatDoNot(accept: String) {
        #expect(!MCPController.acceptsJSON(accept))
    }
}
