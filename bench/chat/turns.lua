-- wrk script for bench/chat.sh: POST /api/v1/chat, each request from the next user (tokens
-- in the file named by TOKENS) with the next message of the mix, at a fixed client now/zone.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local messages = {
    "add Buy milk tomorrow at 5pm #home",
    "what's due tomorrow?",
    "hello",
    "what's overdue?",
}
-- The same mixes as bench/chat.sh's open loop (CHAT_MIX=adds: adds only).
if os.getenv("CHAT_MIX") == "adds" then
    messages = {
        "add Buy milk tomorrow at 5pm #home",
        "add call mom friday 3pm",
        "add Pay rent every month on the 1st !high",
        "add water plants",
    }
end
local counter = 0

request = function()
    counter = counter + 1
    local token = tokens[(counter % #tokens) + 1]
    local message = messages[(math.floor(counter / #tokens) % #messages) + 1]
    local body = '{"message":"' .. message .. '","timezone":"Europe/Berlin","now":"2026-03-25T10:00:00+01:00"}'
    return wrk.format("POST", "/api/v1/chat", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

local failures = 0
response = function(status, headers, body)
    if status ~= 200 then failures = failures + 1 end
end

done = function(summary, latency, requests)
    io.write(string.format("non-200: %d\n", summary.errors.status))
end
