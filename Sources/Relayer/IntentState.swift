/// Where an intent is on its way from the outbox to the chain.
///
/// ```
/// pending ─▶ simulated ─▶ signed ─▶ sent ─▶ mined ─▶ confirmed
///    │  ▲         │          │        │       │
///    │  └─────────┴──────────┴────────┴───────┘   requeued: its nonce was taken by another transaction,
///    │                                             or its transaction was mined but reverted
///    ├─▶ moot      the simulation reverted for a reason that will not change (already stopped, wrong status)
///    └─▶ failed    a reason that retrying cannot fix (not a relayer, the node refuses the transaction for good)
/// ```
///
/// Every move is made in one database transaction of the ``Outbox``, which refuses a move this type does not
/// allow (``canMove(to:)``). ``confirmed``, ``moot`` and ``failed`` are final.
public enum IntentState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Committed to the outbox; not simulated yet, or requeued to be simulated again.
    case pending
    /// The `eth_call` of the escrow call succeeded; waiting for a nonce and fees.
    case simulated
    /// A transaction (nonce, fees, raw bytes, hash) is signed and stored; the node has not accepted it yet.
    case signed
    /// The node accepted the transaction (or already knew it); waiting for a receipt, replaced when stuck.
    case sent
    /// A successful receipt is in a block; waiting for the configured number of confirmations.
    case mined
    /// Mined with enough confirmations: done.
    case confirmed
    /// The call would revert for a reason that does not go away (the session is already stopped, not active, …):
    /// done, nothing sent.
    case moot
    /// Given up for a reason retrying cannot fix; ``OutboxIntent/detail`` says why.
    case failed

    /// True for ``confirmed``, ``moot`` and ``failed``: the intent never moves again.
    public var isTerminal: Bool {
        switch self {
        case .confirmed, .moot, .failed: true
        case .pending, .simulated, .signed, .sent, .mined: false
        }
    }

    /// True while the intent holds a nonce with a transaction that may still be mined (``signed``, ``sent``).
    public var holdsLiveTransaction: Bool { self == .signed || self == .sent }

    /// Whether the state machine allows moving from this state to `next`.
    ///
    /// Staying in the same non-final state is allowed (a retry later, a replacement at the same nonce).
    public func canMove(to next: IntentState) -> Bool {
        if isTerminal { return false }
        if next == self { return true }
        switch (self, next) {
        case (.pending, .simulated), (.pending, .moot), (.pending, .failed):
            return true
        // A requeued intent whose earlier transaction turns out to be mined after all.
        case (.pending, .mined), (.simulated, .mined):
            return true
        case (.simulated, .signed), (.simulated, .pending), (.simulated, .failed):
            return true
        case (.signed, .sent), (.signed, .mined), (.signed, .pending), (.signed, .failed):
            return true
        case (.sent, .mined), (.sent, .pending), (.sent, .failed):
            return true
        // Confirmed; or the block was reorganised away (back to sent); or requeued.
        case (.mined, .confirmed), (.mined, .sent), (.mined, .pending):
            return true
        default:
            return false
        }
    }

    /// The raw value: `pending`, `simulated`, ….
    public var description: String { rawValue }
}
