-- wrk script of tools/bench/load_node.py: thread i sends the JSON-RPC bodies of <dir>/client_<i>.txt in order,
-- one per request, and counts the answers that are not a JSON-RPC result. Run with one connection per thread
-- (-t N -c N) so each client's transactions reach the node in nonce order.
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    bodies = {}
    for line in io.lines(args[1] .. "/client_" .. id .. ".txt") do
        bodies[#bodies + 1] = line
    end
    answered = 0
    errors = 0
    exhausted = false
end

-- The body sent next is the one after the last answered, not a counter bumped here: wrk calls request() once more
-- than it sends, on thread 0 before the run (script_verify_request, to count pipelined requests), and a body
-- consumed by that call was never sent, which left a nonce gap that no later transaction could pass.
function request()
    if answered >= #bodies then
        -- Out of signed transactions: stop this client (the last request is a repeat, not counted as an error).
        exhausted = true
        wrk.thread:stop()
        return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, bodies[#bodies])
    end
    return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, bodies[answered + 1])
end

function response(status, headers, body)
    if exhausted then return end
    answered = answered + 1
    if status ~= 200 or not string.find(body, '"result"', 1, true) then
        errors = errors + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    local out = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("errors")
        if thread:get("exhausted") then out = out + 1 end
    end
    io.write(string.format("rpc errors %d\n", total))
    io.write(string.format("clients out of transactions %d\n", out))
end
