-- POST /api/v1/tasks with a typical body; the token comes from the TOKEN environment variable.
local counter = 0
local priorities = {"none", "low", "medium", "high"}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

request = function()
    counter = counter + 1
    local day = 1 + counter % 28
    local body = string.format(
        '{"title":"Benchmark task %d","description":"created by wrk","priority":"%s","tags":["bench","t%d"],' ..
        '"due_at":"2026-12-%02dT09:00:00Z","timezone":"Europe/Berlin"}',
        counter, priorities[1 + counter % 4], counter % 8, day)
    return wrk.format(nil, nil, nil, body)
end

local reported = false
response = function(status, headers, body)
    if status ~= 201 and not reported then
        reported = true
        io.stderr:write("create: unexpected status " .. status .. " (reported once per thread)\n")
    end
end
