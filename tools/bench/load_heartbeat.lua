-- wrk script of tools/bench/load_heartbeat.py: thread i sends the ping bodies of <dir>/connection_<i>.txt (written by
-- `heartbeat-load serve`) in order, one per request, to POST /v1/ping, and counts the answers by status. Run with
-- one connection per thread (-t N -c N): each file holds its participants' pings with `seq` rising, so they must
-- travel in order on one connection, one at a time.
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    bodies = {}
    for line in io.lines(args[1] .. "/connection_" .. id .. ".txt") do
        bodies[#bodies + 1] = line
    end
    answered = 0
    accepted = 0
    refused = 0
    first_refusal = ""
    exhausted = false
end

-- The body sent next is the one after the last answered, not a counter bumped here: wrk calls request() once more
-- than it sends, on thread 0 before the run (script_verify_request), and a body consumed by that call would never be
-- sent, leaving a seq gap (a gap is accepted by the heartbeat, but the run would not be the pings it claims).
function request()
    if answered >= #bodies then
        -- Out of pings: stop this connection (the request wrk still sends is a replay, not counted).
        exhausted = true
        wrk.thread:stop()
        return wrk.format("POST", "/v1/ping", { ["Content-Type"] = "application/json" }, bodies[#bodies])
    end
    return wrk.format("POST", "/v1/ping", { ["Content-Type"] = "application/json" }, bodies[answered + 1])
end

function response(status, headers, body)
    if exhausted then return end
    answered = answered + 1
    if status == 200 then
        accepted = accepted + 1
    else
        refused = refused + 1
        if first_refusal == "" then first_refusal = status .. " " .. body end
    end
end

function done(summary, latency, requests)
    local ok, bad, out, first = 0, 0, 0, ""
    for _, thread in ipairs(threads) do
        ok = ok + thread:get("accepted")
        bad = bad + thread:get("refused")
        if thread:get("exhausted") then out = out + 1 end
        if first == "" then first = thread:get("first_refusal") end
    end
    io.write(string.format("pings accepted %d\n", ok))
    io.write(string.format("pings refused %d\n", bad))
    io.write(string.format("connections out of pings %d\n", out))
    if first ~= "" then io.write("first refusal " .. first:gsub("\n", " ") .. "\n") end
end
