public import EthPrimitives
public import JSONRPC

/// An intent as the outbox holds it: what was asked, where it is, and what happened to it.
public struct OutboxIntent: Sendable, Hashable {
    /// The idempotency key, `sessionId:action`.
    public var key: String
    /// What was asked.
    public var intent: SessionIntent
    /// Where it is.
    public var state: IntentState
    /// The order intents were committed in (1, 2, …): intents of one session are processed in this order.
    public var sequence: Int64
    /// When it was committed (unix seconds, the relayer's clock).
    public var createdAt: Double
    /// When its state or details last changed.
    public var updatedAt: Double
    /// The earliest time the relayer looks at it again (a retry's backoff, a wait for the chain's clock).
    public var nextAttemptAt: Double
    /// Failures and requeues so far (simulations that failed transiently, transactions mined but reverted).
    public var attempts: Int
    /// The nonce of its current transaction, while it has one (``IntentState/signed`` onwards).
    public var nonce: UInt64?
    /// The gas limit its transactions carry.
    public var gasLimit: UInt64?
    /// The hash of the transaction that was mined, once ``IntentState/mined``.
    public var minedHash: Hash?
    /// The number of the block it was mined in.
    public var minedBlock: UInt64?
    /// Why it is ``IntentState/moot`` or ``IntentState/failed``, or the last transient error while it is retried.
    public var detail: String?

    /// An intent record with these fields.
    public init(
        key: String, intent: SessionIntent, state: IntentState, sequence: Int64, createdAt: Double,
        updatedAt: Double, nextAttemptAt: Double, attempts: Int, nonce: UInt64?, gasLimit: UInt64?,
        minedHash: Hash?, minedBlock: UInt64?, detail: String?
    ) {
        self.key = key
        self.intent = intent
        self.state = state
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.minedHash = minedHash
        self.minedBlock = minedBlock
        self.detail = detail
    }
}

/// What a nonce of the relayer's account is used for.
public enum SlotPurpose: String, Sendable, Hashable, Codable {
    /// An intent's escrow call.
    case intent
    /// A zero-value transfer to the relayer itself, filling a nonce whose transaction was given up.
    case gapFill
}

/// What became of a nonce the relayer reserved.
public enum SlotState: String, Sendable, Hashable, Codable {
    /// Its newest transaction may still be mined: it is sent, re-sent and replaced until it is.
    case live
    /// One of its transactions is in a block.
    case mined
    /// Given up: the node refused its transaction for good. Below the next nonce, a released nonce is a gap that a
    /// self-transfer fills.
    case released
    /// Used by a transaction that is not the relayer's (the key was used elsewhere); its intent was requeued.
    case taken
}

/// A nonce the relayer reserved, with what it is for.
public struct NonceSlot: Sendable, Hashable {
    /// The nonce.
    public var nonce: UInt64
    /// What it is used for.
    public var purpose: SlotPurpose
    /// The intent using it, for ``SlotPurpose/intent``.
    public var intentKey: String?
    /// What became of it.
    public var state: SlotState
    /// When it last changed.
    public var updatedAt: Double

    /// A slot with these fields.
    public init(nonce: UInt64, purpose: SlotPurpose, intentKey: String?, state: SlotState, updatedAt: Double) {
        self.nonce = nonce
        self.purpose = purpose
        self.intentKey = intentKey
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// A transaction the relayer signed and stored before sending: one attempt at a nonce. A replacement is another
/// attempt at the same nonce with higher fees; at most one attempt of a nonce is ever mined.
public struct OutboxTransaction: Sendable, Hashable {
    /// The order attempts were stored in (1, 2, …); the newest attempt of a nonce is the one sent.
    public var id: Int64
    /// The transaction hash.
    public var hash: Hash
    /// The nonce.
    public var nonce: UInt64
    /// The intent it belongs to, nil for a gap fill.
    public var intentKey: String?
    /// The fees it carries.
    public var fees: Fees
    /// Its gas limit.
    public var gasLimit: UInt64
    /// The signed bytes, exactly as sent (`eth_sendRawTransaction`).
    public var raw: [UInt8]
    /// When it was signed and stored.
    public var signedAt: Double
    /// When a node last accepted it (or said it already knew it); nil while never accepted.
    public var lastSentAt: Double?
    /// How many times it was handed to a node.
    public var sendCount: Int
    /// The earliest time it may be sent again after a failed send.
    public var nextSendAt: Double
    /// Failed sends in a row (for the backoff); 0 once a node accepts it.
    public var sendFailures: Int
    /// The last error a node answered when it was sent.
    public var lastError: String?
    /// True when a node refused it for good: it was never broadcast and is never sent again.
    public var abandoned: Bool

    /// An attempt with these fields.
    public init(
        id: Int64, hash: Hash, nonce: UInt64, intentKey: String?, fees: Fees, gasLimit: UInt64, raw: [UInt8],
        signedAt: Double, lastSentAt: Double?, sendCount: Int, nextSendAt: Double, sendFailures: Int,
        lastError: String?, abandoned: Bool = false
    ) {
        self.id = id
        self.hash = hash
        self.nonce = nonce
        self.intentKey = intentKey
        self.fees = fees
        self.gasLimit = gasLimit
        self.raw = raw
        self.signedAt = signedAt
        self.lastSentAt = lastSentAt
        self.sendCount = sendCount
        self.nextSendAt = nextSendAt
        self.sendFailures = sendFailures
        self.lastError = lastError
        self.abandoned = abandoned
    }

    /// True once a node accepted it.
    public var accepted: Bool { lastSentAt != nil }
}

/// A live nonce with its attempts, oldest first: what the engine sends, watches and replaces.
public struct LiveSlot: Sendable, Hashable {
    /// The slot.
    public var slot: NonceSlot
    /// Its attempts, oldest first (never empty for a slot the outbox wrote).
    public var attempts: [OutboxTransaction]

    /// A live slot and its attempts.
    public init(slot: NonceSlot, attempts: [OutboxTransaction]) {
        self.slot = slot
        self.attempts = attempts
    }

    /// The newest attempt: the one to send.
    public var newest: OutboxTransaction? { attempts.last }
}

/// A transaction signed in the outbox's write transaction, ready to be stored.
public struct PreparedTransaction: Sendable, Hashable {
    /// Its hash.
    public var hash: Hash
    /// Its signed bytes.
    public var raw: [UInt8]
    /// Its fees.
    public var fees: Fees
    /// Its gas limit.
    public var gasLimit: UInt64

    /// A prepared transaction with these fields.
    public init(hash: Hash, raw: [UInt8], fees: Fees, gasLimit: UInt64) {
        self.hash = hash
        self.raw = raw
        self.fees = fees
        self.gasLimit = gasLimit
    }
}
