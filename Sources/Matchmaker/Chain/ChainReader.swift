public import EthPrimitives
public import JSONRPC
import Synchronization

/// A tutor's or student's on-chain rating on SessionRatings: `ratingOf(account) -> (count, sum)`.
public struct Rating: Sendable, Hashable, Codable {
    /// How many ratings the account received.
    public var count: UInt256
    /// The sum of their stars.
    public var sum: UInt256

    /// A rating.
    public init(count: UInt256, sum: UInt256) {
        self.count = count
        self.sum = sum
    }

    /// The average in stars, or nil without ratings.
    public var average: Double? {
        guard count > 0 else { return nil }
        return Double(String(sum))! / Double(String(count))!
    }
}

/// A `Deposited` event of SessionEscrow.
public struct DepositEvent: Sendable, Hashable {
    /// The session id.
    public var sessionID: UInt256
    /// The student who paid.
    public var student: Address
    /// The tutor.
    public var tutor: Address
    /// The token (``Address/zero`` for native).
    public var token: Address
    /// The rate.
    public var ratePerSecond: UInt256
    /// The cap.
    public var capSeconds: UInt256
    /// The block it was logged in.
    public var blockNumber: UInt64

    /// An event.
    public init(
        sessionID: UInt256, student: Address, tutor: Address, token: Address, ratePerSecond: UInt256,
        capSeconds: UInt256, blockNumber: UInt64
    ) {
        self.sessionID = sessionID
        self.student = student
        self.tutor = tutor
        self.token = token
        self.ratePerSecond = ratePerSecond
        self.capSeconds = capSeconds
        self.blockNumber = blockNumber
    }
}

/// The status of an escrow session (`getSession(id).status`).
public enum EscrowSessionStatus: UInt8, Sendable, Hashable, Codable {
    /// No such session.
    case none = 0
    /// Deposited, not started.
    case funded = 1
    /// Started, billing.
    case active = 2
    /// Stopped and paid out.
    case settled = 3
    /// Cancelled before it started; refunded.
    case cancelled = 4

    /// Whether the session is over (settled or cancelled).
    public var isOver: Bool { self == .settled || self == .cancelled }
}

/// The parts of an escrow session the matchmaker reads.
public struct EscrowSession: Sendable, Hashable {
    /// The student.
    public var student: Address
    /// The tutor.
    public var tutor: Address
    /// Status.
    public var status: EscrowSessionStatus
    /// Seconds billed once settled (`endedAt − startedAt`, capped), or 0.
    public var billedSeconds: UInt64
    /// When it ended (0 while not ended).
    public var endedAt: UInt64

    /// A session summary.
    public init(student: Address, tutor: Address, status: EscrowSessionStatus, billedSeconds: UInt64, endedAt: UInt64) {
        self.student = student
        self.tutor = tutor
        self.status = status
        self.billedSeconds = billedSeconds
        self.endedAt = endedAt
    }
}

/// A SessionCredential token held by a student.
public struct CredentialInfo: Sendable, Hashable, Codable {
    /// The token id (= the session id).
    public var tokenID: UInt256
    /// The student who holds it.
    public var student: Address
    /// The tutor who attested the session.
    public var tutor: Address
    /// The seconds billed in that session.
    public var billedSeconds: UInt256
    /// When it was minted (unix seconds).
    public var issuedAt: UInt256

    /// A credential.
    public init(tokenID: UInt256, student: Address, tutor: Address, billedSeconds: UInt256, issuedAt: UInt256) {
        self.tokenID = tokenID
        self.student = student
        self.tutor = tutor
        self.billedSeconds = billedSeconds
        self.issuedAt = issuedAt
    }
}

/// What the matchmaker reads from the chain, and the calls it prepares for wallets.
///
/// The real implementation, ``RPCChainReader``, makes `eth_call`s and `eth_getLogs` through the JSON-RPC client
/// with calldata and decoding from the generated contract bindings (`Contracts`), so the same code runs against
/// `metered node` and a testnet. ``CachingChainReader`` wraps any reader with a short time-to-live cache.
///
/// Every read may throw ``MatchmakerError/chainUnavailable(_:)``.
public protocol ChainReader: Sendable {
    /// The chain id the reader talks to.
    func chainID() async throws(MatchmakerError) -> UInt64
    /// The latest block number.
    func blockNumber() async throws(MatchmakerError) -> UInt64
    /// The native balance of `account`.
    func nativeBalance(of account: Address) async throws(MatchmakerError) -> UInt256
    /// `balanceOf(owner)` on the ERC-20 or ERC-721 contract `contract`.
    func balanceOf(contract: Address, owner: Address) async throws(MatchmakerError) -> UInt256
    /// `allowance(owner, spender)` on the ERC-20 `token`.
    func allowance(token: Address, owner: Address, spender: Address) async throws(MatchmakerError) -> UInt256
    /// `SessionRatings.ratingOf(account)`.
    func rating(of account: Address) async throws(MatchmakerError) -> Rating
    /// `SessionEscrow.secondsTaught(tutor)`.
    func secondsTaught(_ tutor: Address) async throws(MatchmakerError) -> UInt256
    /// `SessionEscrow.secondsLearned(student)`.
    func secondsLearned(_ student: Address) async throws(MatchmakerError) -> UInt256
    /// The escrow's `Deposited` events from `fromBlock` on, filtered by whichever of `student` and `tutor` is given.
    func deposits(student: Address?, tutor: Address?, fromBlock: UInt64) async throws(MatchmakerError) -> [DepositEvent]
    /// `SessionEscrow.getSession(sessionID)`.
    func session(_ sessionID: UInt256) async throws(MatchmakerError) -> EscrowSession
    /// The SessionCredential tokens minted to `student` (from `Transfer` events from the zero address), with
    /// `credentialOf` for each.
    func credentials(of student: Address) async throws(MatchmakerError) -> [CredentialInfo]

}

/// A transaction for a wallet to sign and send: `to`, `data` and `value`, as `eth_sendTransaction` takes them.
public struct PreparedCall: Sendable, Hashable, Codable {
    /// The contract called.
    public var to: Address
    /// The calldata, `0x` hex.
    public var data: HexBytes
    /// The native value, as a decimal string.
    public var value: String

    /// A call.
    public init(to: Address, data: [UInt8], value: UInt256) {
        self.to = to
        self.data = HexBytes(data)
        self.value = String(value)
    }
}

/// A ``ChainReader`` that remembers each answer for a short time (by the injected clock), so that matching many
/// candidates or answering long-polls does not read the same balance or rating again and again.
///
/// Only the reads that filter candidates are cached (balances, allowances, ratings, credential balances);
/// block numbers, events and session states pass through, as the matchmaker polls them to notice changes.
public final class CachingChainReader: ChainReader {
    private let base: any ChainReader
    private let clock: any UnixClock
    private let timeToLive: Double
    private let entries = Mutex<[String: (value: CachedValue, at: Double)]>([:])

    private enum CachedValue: Sendable {
        case number(UInt256)
        case rating(Rating)
    }

    /// Wraps `base`, keeping answers for `timeToLive` seconds of `clock`.
    public init(_ base: any ChainReader, clock: any UnixClock, timeToLive: Double) {
        self.base = base
        self.clock = clock
        self.timeToLive = timeToLive
    }

    /// Forgets every cached answer.
    public func invalidate() { entries.withLock { $0.removeAll() } }

    private func cached(_ key: String) -> CachedValue? {
        let now = clock.now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if now - entry.at >= timeToLive {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    private func store(_ key: String, _ value: CachedValue) {
        let now = clock.now()
        entries.withLock { entries in
            // Keep the table small: drop stale entries when it grows.
            if entries.count > 10_000 { entries = entries.filter { now - $0.value.at < timeToLive } }
            entries[key] = (value, now)
        }
    }

    private func number(
        _ key: String, _ read: () async throws(MatchmakerError) -> UInt256
    ) async throws(MatchmakerError) -> UInt256 {
        if case .number(let n) = cached(key) { return n }
        let n = try await read()
        store(key, .number(n))
        return n
    }

    public func chainID() async throws(MatchmakerError) -> UInt64 { try await base.chainID() }
    public func blockNumber() async throws(MatchmakerError) -> UInt64 { try await base.blockNumber() }

    public func nativeBalance(of account: Address) async throws(MatchmakerError) -> UInt256 {
        try await number("native:\(account.storeKey)") { () throws(MatchmakerError) in
            try await base.nativeBalance(of: account)
        }
    }

    public func balanceOf(contract: Address, owner: Address) async throws(MatchmakerError) -> UInt256 {
        try await number("balance:\(contract.storeKey):\(owner.storeKey)") { () throws(MatchmakerError) in
            try await base.balanceOf(contract: contract, owner: owner)
        }
    }

    public func allowance(token: Address, owner: Address, spender: Address) async throws(MatchmakerError) -> UInt256 {
        try await number("allowance:\(token.storeKey):\(owner.storeKey):\(spender.storeKey)") {
            () throws(MatchmakerError) in
            try await base.allowance(token: token, owner: owner, spender: spender)
        }
    }

    public func rating(of account: Address) async throws(MatchmakerError) -> Rating {
        let key = "rating:\(account.storeKey)"
        if case .rating(let r) = cached(key) { return r }
        let r = try await base.rating(of: account)
        store(key, .rating(r))
        return r
    }

    public func secondsTaught(_ tutor: Address) async throws(MatchmakerError) -> UInt256 {
        try await number("taught:\(tutor.storeKey)") { () throws(MatchmakerError) in
            try await base.secondsTaught(tutor)
        }
    }

    public func secondsLearned(_ student: Address) async throws(MatchmakerError) -> UInt256 {
        try await number("learned:\(student.storeKey)") { () throws(MatchmakerError) in
            try await base.secondsLearned(student)
        }
    }

    public func deposits(student: Address?, tutor: Address?, fromBlock: UInt64) async throws(MatchmakerError)
        -> [DepositEvent]
    {
        try await base.deposits(student: student, tutor: tutor, fromBlock: fromBlock)
    }

    public func session(_ sessionID: UInt256) async throws(MatchmakerError) -> EscrowSession {
        try await base.session(sessionID)
    }

    public func credentials(of student: Address) async throws(MatchmakerError) -> [CredentialInfo] {
        try await base.credentials(of: student)
    }
}
