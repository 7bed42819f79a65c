-- Shared by the scenarios: the tokens of the users bench/http/workload.py registered (USERS names
-- its "USER_ID<TAB>TOKEN" file). Each request is sent as one of them, picked at random, so the
-- server sees many users and tokens, not one.
local users = {}
for line in io.lines(os.getenv("USERS")) do
    local _, token = line:match("([^\t]+)\t([^\t]+)")
    users[#users + 1] = "Bearer " .. token
end

function random_authorization()
    return users[math.random(#users)]
end

-- Reports the first unexpected status of each wrk thread on standard error.
function expect_status(name, expected)
    local reported = false
    return function(status, headers, body)
        if status ~= expected and not reported then
            reported = true
            io.stderr:write(name .. ": unexpected status " .. status .. " (reported once per thread)\n")
        end
    end
end
