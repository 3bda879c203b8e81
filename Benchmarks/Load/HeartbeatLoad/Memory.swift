import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC

/// `memory`: the memory a tracked session costs, with `--sessions` (100,000) Active sessions in one
/// ``Heartbeat/SessionTracker`` (what ``Heartbeat/HeartbeatEngine`` keeps per session): each session tracked with
/// its escrow record, and both participants' pings accepted, so it holds two liveness records and one scheduled
/// deadline. Measured as the growth of the resident set (`/proc/self/statm`) divided by the count (glibc's
/// `mallinfo2` is not visible through Swift's Glibc module).
///
/// Pings are accepted without signatures here (the tracker's rules take verified messages): memory does not depend
/// on how they were verified. The chain directory's cache of escrow records (``Heartbeat/ChainSessionDirectory``)
/// is not included.
func runMemory(_ options: Options) async throws {
    let sessions = try options.int("sessions", 100_000)
    print("heartbeat-load memory: \(sessions) tracked sessions; load average \(loadAverage())")
    let clock = SystemUnixClock()
    let now = clock.now()
    let configuration = HeartbeatConfiguration(domain: domain)
    var tracker = SessionTracker(configuration: configuration)
    func address(_ index: Int) -> Address {
        var seed = Array("heartbeat-load address".utf8)
        withUnsafeBytes(of: UInt64(index).bigEndian) { seed += $0 }
        return try! Address(Keccak256.hash(seed).bytes.suffix(20))
    }

    let residentBefore = residentBytes()
    let start = monotonic()
    var intents = 0
    for index in 0..<sessions {
        let id = UInt256(UInt64(index + 1))
        let student = address(2 * index)
        let tutor = address(2 * index + 1)
        let record = EscrowSession(
            student: student, tutor: tutor, ratePerSecond: 1000, capSeconds: 3600, startedAt: UInt64(now) - 5,
            status: .active)
        intents += tracker.track(id, chain: record, stored: nil, now: now).count
        for participant in [student, tutor] {
            let message = HeartbeatMessage(sessionID: id, participant: participant, seq: 1, issuedAt: UInt64(now))
            intents += tracker.accept(message, now: now)?.decided.count ?? 0
        }
    }
    let elapsed = monotonic() - start
    let residentAfter = residentBytes()
    print(
        "tracked \(tracker.count) sessions, \(tracker.scheduledDeadlines) deadlines, \(intents) intents, in "
            + String(format: "%.2f s", elapsed))
    let perSession = Double(residentAfter - residentBefore) / Double(sessions)
    print(
        String(
            format: "resident set: %.1f MB -> %.1f MB, +%.0f bytes per session", Double(residentBefore) / 1e6,
            Double(residentAfter) / 1e6, perSession))
    withExtendedLifetime(tracker) {}
}
