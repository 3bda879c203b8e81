import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC

/// What `pings` and `serve` share: `sessions` Active sessions in an in-memory session directory, every participant's
/// pings signed in advance, and an engine over the chosen store, built as `metered up` builds it.
///
/// Participant `p` is key `p` (``participantKey(_:)``); session `s` (id `s + 1`) has student `2s` and tutor `2s + 1`.
/// ``signed`` holds `rounds + 1` rounds in round-major order: round `r`'s ping of participant `p` is at index
/// `r × participants + p`, with `seq` `r + 1` and `issuedAt` the time of signing.
struct PingBench {
    /// Two per session.
    let participants: Int
    /// Every ping, round-major.
    let signed: [SignedPing]
    /// The engine over the store, the directory and ``sink``.
    let engine: HeartbeatEngine
    /// Where the engine hands its intents.
    let sink: RecordingSink
    /// The temporary folder of the file store.
    private let folder: String

    /// Derives the keys, signs the pings (outside any timing, on every core) and opens the store.
    ///
    /// - Parameter store: `file` (SQLite in a temporary file, `synchronous = FULL`) or `memory`.
    /// - Throws: ``LoadError`` for another `store`; the store's error when it cannot be opened.
    static func prepare(sessions: Int, rounds: Int, store storeKind: String) async throws -> PingBench {
        let participants = 2 * sessions
        let keys = await participantKeys(participants)
        let clock = SystemUnixClock()
        let now = clock.nowSeconds()
        var directory: [UInt256: EscrowSession] = [:]
        for index in 0..<sessions {
            directory[UInt256(UInt64(index + 1))] = EscrowSession(
                student: keys[2 * index].address, tutor: keys[2 * index + 1].address, ratePerSecond: 1000,
                capSeconds: 86_400, startedAt: now - 5, status: .active)
        }

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

        let folder = try temporaryDirectory("pings")
        let store: SQLiteHeartbeatStore =
            switch storeKind {
            case "file": try SQLiteHeartbeatStore(path: folder + "/heartbeat.sqlite")
            case "memory": try SQLiteHeartbeatStore.inMemory()
            default: throw LoadError("--store is file or memory, got \(storeKind)")
            }
        let sink = RecordingSink()
        let engine = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: domain), store: store, directory: MemoryDirectory(directory),
            sink: sink, clock: clock, logger: quiet)
        return PingBench(participants: participants, signed: signed, engine: engine, sink: sink, folder: folder)
    }

    /// Deletes the file store's folder.
    func removeFiles() { try? FileManager.default.removeItem(atPath: folder) }
}
