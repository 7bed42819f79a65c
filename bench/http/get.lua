-- GET /api/v1/tasks/{id}: a random line of the file named by IDS ("TOKEN<TAB>TASK_ID", written by
-- bench/http/workload.py), so each task is read by its own user, among all the users.
local requests = {}
for line in io.lines(os.getenv("IDS")) do
    local token, id = line:match("([^\t]+)\t([^\t]+)")
    requests[#requests + 1] = {"Bearer " .. token, "/api/v1/tasks/" .. id}
end

request = function()
    local pick = requests[math.random(#requests)]
    return wrk.format("GET", pick[2], {["Authorization"] = pick[1]})
end

dofile("bench/http/users.lua") -- for expect_status
response = expect_status("get", 200)
