import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import Secp256k1
import Synchronization

/// The escrow of the local chain's genesis, whose EIP-712 domain the pings are signed in.
let escrow = try! Address(hex: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")
/// The domain of chain 31337's escrow.
let domain = HeartbeatDomain(chainID: 31337, escrow: escrow)

/// The command line's `--name value` options, with defaults.
struct Options {
    private var values: [String: String] = [:]

    /// Reads `--name value` pairs.
    ///
    /// - Throws: ``LoadError`` for an argument that is not `--name value`.
    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else {
                throw LoadError("expected --name value pairs, got \(name)")
            }
            values[String(name.dropFirst(2))] = value
        }
    }

    /// An integer option.
    ///
    /// - Throws: ``LoadError`` when it is not an integer.
    func int(_ name: String, _ fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text) else { throw LoadError("--\(name) must be an integer, got \(text)") }
        return value
    }

    /// A floating-point option.
    ///
    /// - Throws: ``LoadError`` when it is not a number.
    func double(_ name: String, _ fallback: Double) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text) else { throw LoadError("--\(name) must be a number, got \(text)") }
        return value
    }

    /// A text option.
    func string(_ name: String, _ fallback: String) -> String { values[name] ?? fallback }
}

/// An error of the load tool, with its message.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "heartbeat-load: " + description }
}

/// Deterministic participant keys: key i is `keccak256("heartbeat-load" ‖ i)` (below the curve order for every i
/// used here; a key that is not is skipped by the caller's next index, never seen in practice).
func participantKey(_ index: Int) -> PrivateKey {
    var seed = Array("heartbeat-load".utf8)
    withUnsafeBytes(of: UInt64(index).bigEndian) { seed += $0 }
    return try! PrivateKey(bytes: Keccak256.hash(seed).bytes)
}

/// The keys of `count` participants, derived on every core.
func participantKeys(_ count: Int) async -> [PrivateKey] {
    await parallelMap(Array(0..<count)) { participantKey($0) }
}

/// `transform` applied to every element, in chunks spread over the cooperative pool; the results in order.
func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], chunks: Int = 8, _ transform: @escaping @Sendable (T) -> R
) async -> [R] {
    let size = max(1, (items.count + chunks - 1) / chunks)
    let parts = stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    return await withTaskGroup(of: (Int, [R]).self) { group in
        for (index, part) in parts.enumerated() {
            group.addTask { (index, part.map(transform)) }
        }
        var results = [[R]](repeating: [], count: parts.count)
        for await (index, part) in group { results[index] = part }
        return results.flatMap { $0 }
    }
}

/// A session directory answering from memory: what the escrow would say about each session.
final class MemoryDirectory: SessionDirectory {
    private let sessions: Mutex<[UInt256: EscrowSession]>

    init(_ sessions: [UInt256: EscrowSession]) { self.sessions = Mutex(sessions) }

    func session(_ id: UInt256) async throws -> EscrowSession? { sessions.withLock { $0[id] } }
    func changes() async throws -> [EscrowEvent] { [] }
}

/// An intent sink that accepts everything and records when each intent arrived (service clock).
final class RecordingSink: IntentSink {
    private let received = Mutex<[(intent: SessionIntent, at: Double)]>([])
    private let clock = SystemUnixClock()

    /// Every intent accepted, with its arrival time.
    var intents: [(intent: SessionIntent, at: Double)] { received.withLock { $0 } }

    func submit(_ intent: SessionIntent) async throws -> String {
        let now = clock.now()
        received.withLock { $0.append((intent, now)) }
        return intent.idempotencyKey
    }
}

/// Percentiles of a sample, by nearest rank.
struct Percentiles {
    let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    /// The value at quantile `q` (0…1).
    func at(_ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    var smallest: Double { sorted.first ?? .nan }
    var largest: Double { sorted.last ?? .nan }
    var mean: Double { sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count) }
}

/// Milliseconds with two decimals.
func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

/// A rate with a unit.
func rate(_ perSecond: Double) -> String { String(format: "%.0f/s", perSecond) }

/// Seconds since some fixed point, monotonic.
func monotonic() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The machine's 1-minute load average, as `/proc/loadavg` says.
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "unknown"
}

/// A fresh temporary directory.
func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "heartbeat-load-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Recovery rate: `ECDSA.recoverAddress` of the pings' EIP-712 digests on `threads` threads at once, for about
/// `seconds`; recoveries per second over all threads.
func recoveryRate(_ pings: [SignedPing], threads: Int, seconds: Double) async -> Double {
    let digests = pings.prefix(2000).map { ($0.message.signingHash(in: domain), $0.signature) }
    let counts = await withTaskGroup(of: (Int, Double).self) { group in
        for _ in 0..<threads {
            group.addTask {
                let start = monotonic()
                var done = 0
                while monotonic() - start < seconds {
                    for (digest, signature) in digests.prefix(200) {
                        _ = try? ECDSA.recoverAddress(digest: digest, signature: signature)
                    }
                    done += 200
                }
                return (done, monotonic() - start)
            }
        }
        var total = 0.0
        for await (done, elapsed) in group { total += Double(done) / elapsed }
        return total
    }
    return counts
}

/// Resident set size of this process in bytes (`/proc/self/statm`).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
