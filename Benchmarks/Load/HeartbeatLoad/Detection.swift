import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1

/// `detection`: from silence to the stop intent, on the real clock with the service's timer running.
///
/// `--sessions` Active sessions; each session's two participants ping once, the sessions one after another spread
/// evenly over `--spread` seconds (so their deadlines fall at every phase of the 250 ms tick), then go silent. The
/// `stopAt` intent of a session is due when its earlier participant has been silent for `--timeout` seconds; its
/// lateness is the time the sink received it minus that moment. The pings go to the engine directly (their HTTP
/// cost is what `pings` measures); the intents come from the running ``Heartbeat/HeartbeatService``'s ticks.
func runDetection(_ options: Options) async throws {
    let sessions = try options.int("sessions", 1000)
    let timeout = try options.double("timeout", 10)
    let spread = try options.double("spread", 1)
    print(
        "heartbeat-load detection: \(sessions) sessions, timeout \(timeout) s, last pings spread over \(spread) s; "
            + "load average \(loadAverage())")
    let keys = await participantKeys(2 * sessions)
    let clock = SystemUnixClock()
    let now = clock.nowSeconds()
    var records: [UInt256: EscrowSession] = [:]
    for index in 0..<sessions {
        records[UInt256(UInt64(index + 1))] = EscrowSession(
            student: keys[2 * index].address, tutor: keys[2 * index + 1].address, ratePerSecond: 1000,
            capSeconds: 86_400, startedAt: now - 5, status: .active)
    }
    let pings = await parallelMap(Array(0..<(2 * sessions))) { participant -> SignedPing in
        let message = HeartbeatMessage(
            sessionID: UInt256(UInt64(participant / 2 + 1)), participant: keys[participant].address, seq: 1,
            issuedAt: now)
        return SignedPing(message: message, signature: try! message.sign(in: domain, with: keys[participant]))
    }

    let folder = try temporaryDirectory("detection")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sink = RecordingSink()
    let engine = HeartbeatEngine(
        configuration: HeartbeatConfiguration(domain: domain, timeout: timeout),
        store: try SQLiteHeartbeatStore(path: folder + "/heartbeat.sqlite"), directory: MemoryDirectory(records),
        sink: sink, clock: clock, logger: quiet)
    let server = try await RunningHeartbeat.start(engine: engine)

    // Last mutual sighting of each session: the earlier of its two acknowledgements' serverTime.
    var lastMutual: [UInt256: Double] = [:]
    let start = monotonic()
    for index in 0..<sessions {
        let due = start + spread * Double(index) / Double(sessions)
        let wait = due - monotonic()
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        let student = try await engine.receivePing(pings[2 * index])
        let tutor = try await engine.receivePing(pings[2 * index + 1])
        lastMutual[UInt256(UInt64(index + 1))] = min(student.serverTime, tutor.serverTime)
    }
    let deadline = monotonic() + timeout + 5
    while sink.intents.count < sessions, monotonic() < deadline {
        try await Task.sleep(for: .milliseconds(50))
    }
    await server.stop()

    var lateness: [Double] = []
    var wrongEndedAt = 0
    var otherIntents = 0
    for (intent, at) in sink.intents {
        guard intent.action == .stopAt, let seen = lastMutual[intent.sessionID] else {
            otherIntents += 1
            continue
        }
        lateness.append(at - (seen + timeout))
        if intent.endedAt != UInt64(seen.rounded(.down)) { wrongEndedAt += 1 }
    }
    let stats = Percentiles(lateness)
    let within = lateness.filter { $0 >= 0 && $0 <= 0.5 }.count
    print(
        "stop intents: \(lateness.count) of \(sessions); lateness after the timeout: min \(ms(stats.smallest)), p50 "
            + "\(ms(stats.at(0.5))), p90 \(ms(stats.at(0.9))), p99 \(ms(stats.at(0.99))), max \(ms(stats.largest)), "
            + "mean \(ms(stats.mean))")
    print(
        "within timeout + 0.5 s: \(within) of \(sessions); endedAt other than the last mutual second: \(wrongEndedAt); "
            + "other intents: \(otherIntents)")
    print("load average after: \(loadAverage())")
}
