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
    sent = 0
    errors = 0
    exhausted = false
    first = true
end

-- Observed with Debian's wrk 4.1: the body returned by a connection's first request() call never reaches the node
-- (nonce 0 went missing, so every later transaction of the account waited in the pool behind the gap). So the first
-- call returns a harmless eth_chainId, which is fine whether or not wrk sends it.
local probe = '{"jsonrpc":"2.0","id":0,"method":"eth_chainId","params":[]}'

function request()
    if first then
        first = false
        return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, probe)
    end
    if sent >= #bodies then
        -- Out of signed transactions: stop this client (the last request is a repeat, not counted as an error).
        exhausted = true
        wrk.thread:stop()
        return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, bodies[#bodies])
    end
    sent = sent + 1
    return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, bodies[sent])
end

function response(status, headers, body)
    if not exhausted and (status ~= 200 or not string.find(body, '"result"', 1, true)) then
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
