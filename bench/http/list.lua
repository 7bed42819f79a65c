-- GET /api/v1/tasks?status=pending&sort=due&limit=50: the first page a client shows.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.path = "/api/v1/tasks?status=pending&sort=due&limit=50"

local reported = false
response = function(status, headers, body)
    if status ~= 200 and not reported then
        reported = true
        io.stderr:write("list: unexpected status " .. status .. " (reported once per thread)\n")
    end
end
