-- GET /api/v1/tasks?status=pending&sort=due&limit=50: the first page a client shows, as a random user.
dofile("bench/http/users.lua")

request = function()
    return wrk.format("GET", "/api/v1/tasks?status=pending&sort=due&limit=50", {["Authorization"] = random_authorization()})
end

response = expect_status("list", 200)
