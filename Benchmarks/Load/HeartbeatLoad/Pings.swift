import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import NIOCore
import NIOPosix
import Secp256k1

/// `pings`: verified pings per second over HTTP from concurrent keep-alive connections, with latency percentiles,
/// next to the rate of bare signature recoveries measured in the same process right after.
///
/// The heartbeat runs in this process as `metered up` runs it (Hummingbird, the engine, the SQLite store in a file
/// with `synchronous = FULL`, or in memory with `--store memory`), over an in-memory session directory of
/// `--sessions` Active sessions. Every participant of every session pings: participant p belongs to connection
/// p mod `--clients`, so each participant's pings travel in order on one connection, with `seq` rising by one each
/// round and `issuedAt` the time of signing. All pings are signed before the server starts. A first round (one
/// ping per participant: it loads each session into memory) is sent and reported apart as the warm-up; the
/// measured run is the next rounds, `--pings` pings in all.
func runPings(_ options: Options) async throws {
    let clients = try options.int("clients", 16)
    let sessions = try options.int("sessions", 2000)
    let total = try options.int("pings", 30000)
    let storeKind = options.string("store", "file")
    let recoverySeconds = try options.double("recovery-seconds", 1)
    guard clients > 0, sessions > 0, total > 0 else { throw LoadError("--clients, --sessions, --pings must be > 0") }
    let participants = 2 * sessions
    let rounds = (total + participants - 1) / participants

    print(
        "heartbeat-load pings: \(sessions) active sessions, \(clients) connections, \(total) pings, store \(storeKind)")
    print("load average before: \(loadAverage())")

    let keys = await participantKeys(participants)
    let clock = SystemUnixClock()
    let now = clock.nowSeconds()
    var directory: [UInt256: EscrowSession] = [:]
    for index in 0..<sessions {
        directory[UInt256(UInt64(index + 1))] = EscrowSession(
            student: keys[2 * index].address, tutor: keys[2 * index + 1].address, ratePerSecond: 1000,
            capSeconds: 86_400, startedAt: now - 5, status: .active)
    }

    // Round r's ping of participant p: seq r + 1, signed now.
    let signStart = monotonic()
    let jobs = (0...rounds).flatMap { round in (0..<participants).map { (round, $0) } }
    let signed = await parallelMap(jobs) { (round, participant) -> SignedPing in
        let key = keys[participant]
        let message = HeartbeatMessage(
            sessionID: UInt256(UInt64(participant / 2 + 1)), participant: key.address, seq: UInt64(round + 1),
            issuedAt: now)
        return SignedPing(message: message, signature: try! message.sign(in: domain, with: key))
    }
    print(String(format: "signed %d pings in %.1f s (outside the timing)", signed.count, monotonic() - signStart))

    // Requests per connection: warm-up (round 0), then the measured rounds in round-major order, `total` in all.
    var warmup = [[ByteBuffer]](repeating: [], count: clients)
    var measured = [[ByteBuffer]](repeating: [], count: clients)
    var measuredCount = 0
    for (index, ping) in signed.enumerated() {
        let round = index / participants
        let participant = index % participants
        let request = HTTPLoad.post("/v1/ping", json: ping.jsonBody)
        if round == 0 {
            warmup[participant % clients].append(request)
        } else if measuredCount < total {
            measured[participant % clients].append(request)
            measuredCount += 1
        }
    }

    let directoryParts = MemoryDirectory(directory)
    let sink = RecordingSink()
    let folder = try temporaryDirectory("pings")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store: SQLiteHeartbeatStore =
        switch storeKind {
        case "file": try SQLiteHeartbeatStore(path: folder + "/heartbeat.sqlite")
        case "memory": try SQLiteHeartbeatStore.inMemory()
        default: throw LoadError("--store is file or memory, got \(storeKind)")
        }
    let engine = HeartbeatEngine(
        configuration: HeartbeatConfiguration(domain: domain), store: store, directory: directoryParts, sink: sink,
        clock: clock, logger: quiet)
    let server = try await RunningHeartbeat.start(engine: engine)
    let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let warm = try await HTTPLoad.run(host: "127.0.0.1", port: server.port, connections: warmup, group: loop)
    report("warm-up (first ping of each participant: loads its session)", warm)
    let results = try await HTTPLoad.run(host: "127.0.0.1", port: server.port, connections: measured, group: loop)
    let summary = report("measured", results)
    let loadAfter = loadAverage()
    await server.stop()
    try await loop.shutdownGracefully()

    let one = await recoveryRate(signed, threads: 1, seconds: recoverySeconds)
    let two = await recoveryRate(signed, threads: 2, seconds: recoverySeconds)
    print("recovery rate in this process: \(rate(one)) on 1 thread, \(rate(two)) on 2 threads")
    print(
        String(
            format: "pings/s over recoveries/s: %.2fx one thread's rate, %.2fx two threads' rate",
            summary.rate / one, summary.rate / two))
    print("intents handed to the sink during the run: \(sink.intents.count)")
    print("load average after the run: \(loadAfter)")
    let target = summary.rate >= 10_000 && summary.p99 < 0.010
    print(
        "target (>= 10,000 pings/s with p99 < 10 ms): \(target ? "met" : "NOT met") "
            + "(\(rate(summary.rate)), p99 \(ms(summary.p99)))")
}

/// Prints one phase's figures; returns the rate of accepted pings and the p99.
@discardableResult
func report(_ title: String, _ results: [ConnectionResult]) -> (rate: Double, p99: Double) {
    let start = results.map(\.started).min() ?? 0
    let end = results.map(\.finished).max() ?? 0
    let latencies = Percentiles(results.flatMap(\.latencies))
    var statuses: [Int: Int] = [:]
    for result in results { statuses.merge(result.statuses, uniquingKeysWith: +) }
    let accepted = statuses[200] ?? 0
    let perSecond = Double(accepted) / max(end - start, 1e-9)
    let refusals = statuses.filter { $0.key != 200 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    print(
        "\(title): \(accepted) accepted in \(String(format: "%.2f", end - start)) s = \(rate(perSecond)); latency p50 "
            + "\(ms(latencies.at(0.5))), p90 \(ms(latencies.at(0.9))), p99 \(ms(latencies.at(0.99))), max "
            + "\(ms(latencies.largest))" + (refusals.isEmpty ? "" : "; refused \(refusals.joined(separator: ", "))"))
    if let body = results.compactMap(\.firstRefusal).first { print("  first refusal: \(body)") }
    return (perSecond, latencies.at(0.99))
}
