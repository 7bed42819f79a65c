import Foundation
import Testing
import TodoTestSupport

/// The MCP server checked with the official MCP Python SDK's own client (`mcp` 2.3.0), over
/// Streamable HTTP at `/mcp` and over stdio against `todo mcp`: it lists the tools, calls
/// every one, and sees a tool failure come back as `isError` and an unknown tool as an MCP
/// error.
@Suite(.enabled(if: TestComponent.mcp.runsTests, "needs the Python mcp package: run scripts/test"))
struct MCPClientTests {
    static let toolNames = ["add_task", "complete_task", "delete_task", "list_tasks", "reopen_task", "search_tasks", "show_task", "update_task"]

    /// Runs the SDK client (`http PORT TOKEN` or `stdio BINARY ENV_JSON`) and returns what it saw.
    static func exercise(_ arguments: [String]) throws -> [String: Any] {
        let output = try PythonScript.run(client, arguments: arguments, timeout: .seconds(60))
        guard let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw TestClientError("no JSON from the MCP client: \(output)")
        }
        return json
    }

    /// Checks what every transport must show: the tools, each call succeeding, and the errors.
    static func expectTheContract(_ seen: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(seen["protocol"] as? String == "2025-11-25", sourceLocation: sourceLocation)
        #expect(seen["tools"] as? [String] == toolNames, sourceLocation: sourceLocation)
        let calls = seen["calls"] as? [String: [[String: Any]]] ?? [:]
        #expect(calls.keys.sorted() == toolNames, sourceLocation: sourceLocation)
        for (tool, results) in calls {
            for result in results {
                #expect(result["isError"] as? Bool == false, "\(tool): \(result)", sourceLocation: sourceLocation)
                #expect(result["structured"] is [String: Any], "\(tool): \(result)", sourceLocation: sourceLocation)
            }
        }
        let updated = calls["update_task"]?.first?["structured"] as? [String: Any]
        #expect(updated?["title"] as? String == "Water the garden", sourceLocation: sourceLocation)
        let missing = seen["missing"] as? [String: Any]
        #expect(missing?["isError"] as? Bool == true, "\(String(describing: missing))", sourceLocation: sourceLocation)
        let wrongType = seen["wrong_type"] as? [String: Any]
        #expect(wrongType?["isError"] as? Bool == true, "\(String(describing: wrongType))", sourceLocation: sourceLocation)
        #expect(seen["unknown_tool"] as? Int == -32602, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestBackend.available)
    func theSDKClientCallsEveryToolOverHTTPAndTheChangeReachesTheRESTAPI(_ backend: TestBackend) throws {
        try TestComponent.mcp.require()
        let api = try APIFixture(backend)
        let seen = try Self.exercise(["http", String(api.server.port), try #require(api.client.token)])
        Self.expectTheContract(seen)
        let tasks = try api.tasksByTitle()
        #expect(Set(tasks.keys) == ["Water the garden"], "the renamed task stays, the deleted one is gone")
        #expect(tasks["Water the garden"]?["priority"] as? String == "high")
        #expect(tasks["Water the garden"]?["status"] as? String == "pending")
    }

    @Test func theSDKClientCallsEveryToolOverStdioAsTheLocalUser() throws {
        try TestComponent.mcp.require()
        let database = try TestDatabase(.sqlite)
        var environment = ["TODO_DATABASE_URL": database.url, "TODO_NOW": "2026-12-05T10:00:00Z", "HOME": database.directory.path]
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { environment["LD_LIBRARY_PATH"] = libraries }
        let environmentJSON = String(decoding: try JSONSerialization.data(withJSONObject: environment), as: UTF8.self)
        let seen = try Self.exercise(["stdio", try TodoBinary.url().path, environmentJSON])
        Self.expectTheContract(seen)
        let listing = try TodoBinary.run(["--db", database.url, "list", "--status", "all", "--json"], environment: ["TODO_NOW": "2026-12-05T10:00:00Z"])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains("\"Water the garden\""), "\(listing.stdout)")
        #expect(!listing.stdout.contains("\"Draft the report\""), "\(listing.stdout)")
    }

    /// The client: connects, lists, calls every tool once (add twice), then the failures.
    static let client = #"""
import anyio, json, sys
import httpx2
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.client.stdio import stdio_client, StdioServerParameters
from mcp.shared.exceptions import MCPError

def code(e):
    err = getattr(e, "error", None)
    return getattr(err, "code", None)

async def exercise(session):
    out = {}
    init = await session.initialize()
    out["protocol"] = init.protocol_version
    tools = await session.list_tools()
    out["tools"] = sorted(t.name for t in tools.tools)
    calls = {}
    async def call(name, args):
        r = await session.call_tool(name, args)
        calls.setdefault(name, []).append({"isError": r.is_error, "structured": r.structured_content,
                                           "text": r.content[0].text if r.content else None})
        return r
    added = await call("add_task", {"title": "Water the plants", "priority": "high", "tags": ["home"]})
    task_id = added.structured_content["task_id"]
    await call("add_task", {"title": "Draft the report"})
    await call("list_tasks", {})
    await call("search_tasks", {"query": "water"})
    await call("show_task", {"task_id": task_id})
    await call("update_task", {"task_id": task_id, "title": "Water the garden"})
    await call("complete_task", {"task_id": task_id})
    await call("reopen_task", {"task_id": task_id})
    second = calls["add_task"][1]["structured"]["task_id"]
    await call("delete_task", {"task_id": second})
    out["calls"] = calls
    out["missing"] = (await session.call_tool("show_task", {"task_id": "#999"})).model_dump(mode="json", by_alias=True)
    out["wrong_type"] = (await session.call_tool("add_task", {"title": 42})).model_dump(mode="json", by_alias=True)
    try:
        await session.call_tool("format_disk", {})
        out["unknown_tool"] = None
    except MCPError as e:
        out["unknown_tool"] = code(e)
    return out

async def main():
    with anyio.fail_after(60):
        await run()

async def run():
    mode = sys.argv[1]
    if mode == "http":
        port, token = sys.argv[2], sys.argv[3]
        client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=20)
        async with client:
            async with streamable_http_client(f"http://127.0.0.1:{port}/mcp", http_client=client) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    out = await exercise(session)
    else:
        params = StdioServerParameters(command=sys.argv[2], args=["mcp"], env=json.loads(sys.argv[3]))
        async with stdio_client(params) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                out = await exercise(session)
    print(json.dumps(out))

anyio.run(main)
"""#
}
