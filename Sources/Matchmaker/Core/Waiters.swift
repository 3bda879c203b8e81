import Synchronization

/// Long-poll waiting: a caller registers interest in a key (`tutor:<address>`, `request:<id>`) with a deadline on
/// the injected clock, checks the state, and waits; ``notify(_:)`` wakes every waiter of a key, ``expire(now:)``
/// wakes those whose deadline passed (the matchmaker's tick calls it), and cancelling the waiting task wakes it.
///
/// Registering before checking means a change between the check and the wait is never missed: its notification
/// marks the ticket, and the wait returns at once.
final class Waiters: Sendable {
    private struct Entry {
        var key: String
        var deadline: Double
        var fired = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var byKey: [String: Set<UInt64>] = [:]
        var next: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Registers a waiter for `key` until `deadline`; pass the ticket to ``wait(_:)``.
    func register(_ key: String, deadline: Double) -> UInt64 {
        state.withLock { s in
            s.next += 1
            s.entries[s.next] = Entry(key: key, deadline: deadline)
            s.byKey[key, default: []].insert(s.next)
            return s.next
        }
    }

    /// Suspends until the ticket is notified, expires or the task is cancelled, then forgets it.
    func wait(_ ticket: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    guard var entry = s.entries[ticket], !entry.fired, !Task.isCancelled else { return true }
                    entry.continuation = continuation
                    s.entries[ticket] = entry
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            fire([ticket])
        }
        remove(ticket)
    }

    /// Forgets a ticket that will not be waited on.
    func remove(_ ticket: UInt64) {
        state.withLock { s in
            guard let entry = s.entries.removeValue(forKey: ticket) else { return }
            s.byKey[entry.key]?.remove(ticket)
            if s.byKey[entry.key]?.isEmpty == true { s.byKey[entry.key] = nil }
        }
    }

    /// Wakes every waiter of `key`.
    func notify(_ key: String) {
        let tickets = state.withLock { $0.byKey[key] ?? [] }
        fire(tickets)
    }

    /// Wakes every waiter whose deadline is at or before `now`.
    func expire(now: Double) {
        let tickets = state.withLock { s in Set(s.entries.filter { $0.value.deadline <= now }.keys) }
        fire(tickets)
    }

    /// How many waiters are registered (for metrics and tests).
    var count: Int { state.withLock { $0.entries.count } }

    private func fire(_ tickets: some Sequence<UInt64>) {
        let continuations = state.withLock { s in
            tickets.compactMap { ticket -> CheckedContinuation<Void, Never>? in
                guard var entry = s.entries[ticket] else { return nil }
                entry.fired = true
                let continuation = entry.continuation
                entry.continuation = nil
                s.entries[ticket] = entry
                return continuation
            }
        }
        for continuation in continuations { continuation.resume() }
    }
}

/// The source of the roulette's random choices: the system generator in production, a seeded one in tests.
/// Secrets (nonces, tokens, ids) never come from here; they always use the system's cryptographic generator.
public final class RandomSource: Sendable {
    private let generator: Mutex<any RandomNumberGenerator & Sendable>

    /// A source drawing from `generator`.
    public init(_ generator: some RandomNumberGenerator & Sendable) {
        self.generator = Mutex(generator)
    }

    /// The system's generator.
    public static var system: RandomSource { RandomSource(SystemRandomNumberGenerator()) }

    /// A reproducible source (SplitMix64 from `seed`).
    public static func seeded(_ seed: UInt64) -> RandomSource { RandomSource(SplitMix64(state: seed)) }

    /// A uniform index in `0..<count` (`count` > 0).
    func index(below count: Int) -> Int {
        generator.withLock { g in Int.random(in: 0..<count, using: &g) }
    }
}

/// SplitMix64 (Steele, Lea and Flood), a small reproducible generator.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
