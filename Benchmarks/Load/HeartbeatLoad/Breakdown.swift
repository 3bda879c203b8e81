import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1

/// `breakdown`: where a ping's time goes, in process and without HTTP: reading the JSON body, the EIP-712 hash, the
/// signature recovery, the store's durable write alone and with concurrent writers (group commit), and the whole
/// engine path with concurrent callers.
func runBreakdown(_ options: Options) async throws {
    let count = try options.int("pings", 4000)
    let concurrency = try options.int("clients", 16)
    print("heartbeat-load breakdown: \(count) pings, \(concurrency) concurrent callers; load average \(loadAverage())")
    let sessions = max(1, count / 8)
    let keys = await participantKeys(2 * sessions)
    let clock = SystemUnixClock()
    let now = clock.nowSeconds()
    // Ping i: participant i mod (2 × sessions), seq i + 1 (rising per participant in index order).
    let pings = await parallelMap(Array(0..<count)) { index -> SignedPing in
        let key = keys[index % keys.count]
        let message = HeartbeatMessage(
            sessionID: UInt256(UInt64(index % keys.count / 2 + 1)), participant: key.address, seq: UInt64(index + 1),
            issuedAt: now)
        return SignedPing(message: message, signature: try! message.sign(in: domain, with: key))
    }
    let bodies = pings.map(\.jsonBody)

    func perOperation(_ label: String, _ n: Int, _ body: () throws -> Void) rethrows {
        let start = monotonic()
        try body()
        let elapsed = monotonic() - start
        print(
            String(
                format: "  %-44@ %8.2f µs/op  %9.0f/s", label as NSString, elapsed / Double(n) * 1e6,
                Double(n) / elapsed))
    }
    print("one thread:")
    try perOperation("read the JSON body (SignedPing(json:))", bodies.count) {
        for body in bodies { _ = try SignedPing(json: body) }
    }
    perOperation("EIP-712 signing hash", pings.count) {
        for ping in pings { _ = ping.message.signingHash(in: domain) }
    }
    let digests = pings.map { $0.message.signingHash(in: domain) }
    try perOperation("secp256k1 recovery (ECDSA.recoverAddress)", pings.count) {
        for (digest, ping) in zip(digests, pings) {
            _ = try ECDSA.recoverAddress(digest: digest, signature: ping.signature)
        }
    }

    let folder = try temporaryDirectory("breakdown")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sequentialCount = min(200, count)
    let sequentialStore = try SQLiteHeartbeatStore(path: folder + "/sequential.sqlite")
    let stored = pings.map { StoredPing(message: $0.message, signature: $0.signature, seenAt: clock.now()) }
    let sequentialStart = monotonic()
    for ping in stored.prefix(sequentialCount) { _ = try await sequentialStore.recordPing(ping) }
    let sequential = (monotonic() - sequentialStart) / Double(sequentialCount)
    print(
        String(
            format: "  %-44@ %8.2f µs/op  %9.0f/s", "store: one durable write at a time (file)" as NSString,
            sequential * 1e6, 1 / sequential))

    print("\(concurrency) concurrent callers:")
    let groupStore = try SQLiteHeartbeatStore(path: folder + "/group.sqlite")
    let groupRate = try await concurrently(stored, concurrency, participants: keys.count) { ping in
        _ = try await groupStore.recordPing(ping)
    }
    print(String(format: "  %-44@ %9.0f/s", "store: group commit (file)" as NSString, groupRate))

    let sessionsDirectory = MemoryDirectory(
        Dictionary(
            uniqueKeysWithValues: (0..<sessions).map { index in
                (
                    UInt256(UInt64(index + 1)),
                    EscrowSession(
                        student: keys[2 * index].address, tutor: keys[2 * index + 1].address, ratePerSecond: 1000,
                        capSeconds: 86_400, startedAt: now - 5, status: .active)
                )
            }))
    for (label, store) in [
        ("engine, memory store (no HTTP)", try SQLiteHeartbeatStore.inMemory()),
        ("engine, file store (no HTTP)", try SQLiteHeartbeatStore(path: folder + "/engine.sqlite")),
    ] {
        let engine = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: domain), store: store, directory: sessionsDirectory,
            sink: RecordingSink(), clock: clock, logger: quiet)
        // Load every session first (one ping each is not in the figure).
        let firstRound = Array(bodies.prefix(2 * sessions))
        _ = try await concurrently(firstRound, concurrency, participants: keys.count) { body in
            _ = try await engine.receivePing(json: body)
        }
        let rest = Array(bodies.dropFirst(2 * sessions))
        let engineRate = try await concurrently(rest, concurrency, participants: keys.count) { body in
            _ = try await engine.receivePing(json: body)
        }
        print(String(format: "  %-44@ %9.0f/s", label as NSString, engineRate))
    }
}

/// Runs `operation` on every item from `width` tasks; item i goes to task `(i mod participants) mod width`, so the
/// pings of one participant stay in order on one task. Returns items per second.
func concurrently<T: Sendable>(
    _ items: [T], _ width: Int, participants: Int, _ operation: @escaping @Sendable (T) async throws -> Void
) async throws -> Double {
    var shares = [[T]](repeating: [], count: width)
    for (index, item) in items.enumerated() { shares[index % participants % width].append(item) }
    let start = monotonic()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for share in shares {
            group.addTask { for item in share { try await operation(item) } }
        }
        try await group.waitForAll()
    }
    return Double(items.count) / (monotonic() - start)
}
