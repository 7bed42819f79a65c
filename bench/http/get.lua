-- GET /api/v1/tasks/{id} for random ids from the file named by IDS (one id per line).
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

request = function()
    return wrk.format("GET", "/api/v1/tasks/" .. ids[math.random(#ids)])
end

local reported = false
response = function(status, headers, body)
    if status ~= 200 and not reported then
        reported = true
        io.stderr:write("get: unexpected status " .. status .. " (reported once per thread)\n")
    end
end
