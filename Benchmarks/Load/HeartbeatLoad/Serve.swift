import Foundation
import Heartbeat
import NIOCore
import NIOPosix

/// `serve`: the heartbeat of `pings`, driven by an external client (`tools/bench/load_heartbeat.py` runs wrk).
///
/// Builds exactly what `pings` builds (``PingBench``: `--sessions` Active sessions, the engine, the SQLite store in a
/// file by default or in memory with `--store memory`, Hummingbird and the service's timer), signs `--pings` pings
/// plus a warm-up round, and sends the warm-up round (one ping per participant: it loads each session into memory)
/// itself, from this process, before anything else. Then it writes the measured pings as HTTP request bodies, one
/// per line, to `--out`/`connection_<c>.txt` for c in 0..<`--connections`: participant p belongs to connection
/// p mod `--connections`, and each file lists its participants' pings round by round, so each participant's `seq`
/// rises by one from line to line that concerns it. A client that sends each file's lines in order on its own
/// keep-alive connection, one at a time, has every ping accepted.
///
/// When the files are written it writes the port to `--port-file` (whole, by a rename), prints `serving on port N`
/// and serves until its standard input closes. It then stops the server, measures the rate of bare signature
/// recoveries of the same pings on 1 and 2 threads (`--recovery-seconds` each), and prints them with the count of
/// accepted pings (warm-up included). The engine's counters are also at `GET /metrics` while it serves.
func runServe(_ options: Options) async throws {
    let connections = try options.int("connections", 16)
    let sessions = try options.int("sessions", 2000)
    let total = try options.int("pings", 60000)
    let storeKind = options.string("store", "file")
    let recoverySeconds = try options.double("recovery-seconds", 1)
    let out = options.string("out", "")
    let portFile = options.string("port-file", "")
    guard connections > 0, sessions > 0, total > 0 else {
        throw LoadError("--connections, --sessions, --pings must be > 0")
    }
    guard !out.isEmpty, !portFile.isEmpty else { throw LoadError("serve needs --out <folder> and --port-file <file>") }
    let participants = 2 * sessions
    guard connections <= participants else {
        throw LoadError("--connections (\(connections)) must not exceed the participants (\(participants))")
    }
    let rounds = (total + participants - 1) / participants

    print(
        "heartbeat-load serve: \(sessions) active sessions, \(connections) connections, \(total) pings, "
            + "store \(storeKind)")
    let bench = try await PingBench.prepare(sessions: sessions, rounds: rounds, store: storeKind)
    defer { bench.removeFiles() }

    var warmup = [[ByteBuffer]](repeating: [], count: connections)
    var lines = [[UInt8]](repeating: [], count: connections)
    for (index, ping) in bench.signed.enumerated() {
        let round = index / participants
        let participant = index % participants
        if round == 0 {
            warmup[participant % connections].append(HTTPLoad.post("/v1/ping", json: ping.jsonBody))
        } else if index - participants < total {
            lines[participant % connections] += ping.jsonBody + [UInt8(ascii: "\n")]
        }
    }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    for (connection, bytes) in lines.enumerated() {
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/connection_\(connection).txt"))
    }

    let server = try await RunningHeartbeat.start(engine: bench.engine)
    let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let warm = try await HTTPLoad.run(host: "127.0.0.1", port: server.port, connections: warmup, group: loop)
    try await loop.shutdownGracefully()
    report("warm-up (first ping of each participant: loads its session)", warm)
    let refused = warm.reduce(0) { sum, result in sum + result.statuses.filter { $0.key != 200 }.values.reduce(0, +) }
    guard refused == 0 else {
        await server.stop()
        throw LoadError("\(refused) pings of the warm-up round were refused (see above); nothing to measure")
    }

    let partial = portFile + ".partial"
    try Data("\(server.port)\n".utf8).write(to: URL(fileURLWithPath: partial))
    guard rename(partial, portFile) == 0 else { throw LoadError("cannot rename \(partial) to \(portFile)") }
    print("serving on port \(server.port); close standard input to stop")

    await standardInputClosed()
    await server.stop()
    let one = await recoveryRate(bench.signed, threads: 1, seconds: recoverySeconds)
    let two = await recoveryRate(bench.signed, threads: 2, seconds: recoverySeconds)
    print(String(format: "recovery rate: %.0f/s on 1 thread, %.0f/s on 2 threads", one, two))
    print("intents handed to the sink: \(bench.sink.intents.count)")
}

/// Returns when standard input reaches its end; the blocking read runs on a Dispatch thread, not on the cooperative
/// pool (two threads on this machine, which the server needs).
func standardInputClosed() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().async {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            continuation.resume()
        }
    }
}
