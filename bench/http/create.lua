-- POST /api/v1/tasks with a typical body (the one bench/http/workload.py writes), as a random user.
dofile("bench/http/users.lua")
local counter = 0
local priorities = {"none", "low", "medium", "high"}

request = function()
    counter = counter + 1
    local day = 1 + counter % 28
    local body = string.format(
        '{"title":"Benchmark task %d","description":"created by the benchmark","priority":"%s","tags":["bench","t%d"],' ..
        '"due_at":"2026-12-%02dT09:00:00Z","timezone":"Europe/Berlin"}',
        counter, priorities[1 + counter % 4], counter % 8, day)
    return wrk.format("POST", "/api/v1/tasks",
        {["Content-Type"] = "application/json", ["Authorization"] = random_authorization()}, body)
end

response = expect_status("create", 201)
