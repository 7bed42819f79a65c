-- wrk script for bench/mcp.sh: an MCP tools/call of add_task over Streamable HTTP, each request
-- from the next user (lines "TOKEN SESSION_ID" in the file named by SESSIONS).
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
    local token, session = line:match("(%S+) (%S+)")
    sessions[#sessions + 1] = {token = token, session = session}
end
local counter = 0

request = function()
    counter = counter + 1
    local user = sessions[(counter % #sessions) + 1]
    local body = '{"jsonrpc":"2.0","id":' .. counter .. ',"method":"tools/call","params":{"name":"add_task","arguments":'
        .. '{"title":"Bench task ' .. counter .. '","due_at":"2026-12-07T17:00:00+01:00","tags":["bench"],"priority":"high"}}}'
    return wrk.format("POST", "/mcp", {
        ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream",
        ["Authorization"] = "Bearer " .. user.token, ["Mcp-Session-Id"] = user.session, ["MCP-Protocol-Version"] = "2025-11-25",
    }, body)
end

done = function(summary, latency, requests)
    io.write(string.format("non-200: %d\n", summary.errors.status))
end
