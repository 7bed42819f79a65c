-- wrk script for bench/chat-listing.sh: POST /api/v1/chat with MESSAGE (default "what's due
-- tomorrow?"), each request as the next user of the file named by TOKENS, at a fixed client now/zone.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local message = os.getenv("MESSAGE") or "what's due tomorrow?"
local counter = 0

request = function()
    counter = counter + 1
    local token = tokens[(counter % #tokens) + 1]
    local body = '{"message":"' .. message .. '","timezone":"Europe/Berlin","now":"2026-03-25T10:00:00+01:00"}'
    return wrk.format("POST", "/api/v1/chat", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

done = function(summary, latency, requests)
    io.write(string.format("non-200: %d\n", summary.errors.status))
end
