import Contracts
public import EthPrimitives

/// The Swift model of `contracts/SessionRatings.vy`: after a Settled session that billed at least one second, its
/// student and its tutor each rate the other once, 1 to 5 stars, with the digest of an optional off-chain comment.
///
/// Sessions are read from the escrow fixed at deployment through a nested call to its `getSession`. Reasons
/// (`ratings: not participant`, `not settled`, `nothing billed`, `bad stars`, `already rated`), their order and the
/// `Rated` event are the contract's; stars above 255 fail argument decoding (a bare revert).
public enum SessionRatingsModel: ContractModel {
    /// The key of one rating: a session and who rated in it.
    public struct Rating: Sendable, Hashable {
        /// The session rated.
        public var sessionId: UInt256
        /// The student or the tutor who rated.
        public var rater: Address

        /// The rating `rater` gave in `sessionId`.
        public init(sessionId: UInt256, rater: Address) {
            self.sessionId = sessionId
            self.rater = rater
        }
    }

    /// The ratings' storage: the escrow (an immutable), each rating's stars and each rated account's totals. Zero
    /// entries are absent.
    public struct Storage: Sendable, Hashable {
        /// `escrow()`: the SessionEscrow whose sessions are rated (an immutable).
        public let escrow: Address
        /// `ratingBy(sessionId, rater)`: the stars given, 1 to 5.
        public internal(set) var stars: ModelMap<Rating, UInt8> = [:]
        /// The first half of `ratingOf(account)`: how many ratings the account received.
        public internal(set) var count: ModelMap<Address, UInt256> = [:]
        /// The second half of `ratingOf(account)`: the sum of the stars the account received.
        public internal(set) var sum: ModelMap<Address, UInt256> = [:]

        /// The storage the constructor sets up.
        public init(escrow: Address) {
            self.escrow = escrow
        }
    }

    /// "SessionRatings".
    public static let name = "SessionRatings"

    /// Recognises `SessionRatings.creationCode` followed by its constructor argument `(escrow)`. The runtime code
    /// is the committed one followed by the immutable escrow address as a 32-byte word.
    ///
    /// - Throws: a bare revert when the argument does not decode.
    public static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        let decoded: SessionRatings.Constructor?
        do {
            decoded = try SessionRatings.decodeConstructorArguments(initCode)
        } catch {
            throw .bare
        }
        guard let arguments = decoded else { return nil }
        let immutables = [UInt8](repeating: 0, count: 12) + arguments.escrow.bytes
        return (Storage(escrow: arguments.escrow), SessionRatings.runtimeCode + immutables)
    }

    /// The constructor refuses value and requires the escrow to have code (`ratings: escrow not a contract`).
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        if !message.value.isZero { throw .bare }
        let storage = try host.modelStorage(Storage.self, at: message.callee)
        try require(host.hasCode(storage.escrow), "ratings: escrow not a contract")
    }

    /// Runs one call to the ratings.
    public static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        let function = try decodeCall(message.input, with: SessionRatings.decodeFunction(calldata:))
        let me = message.callee
        var storage = try host.modelStorage(Storage.self, at: me)
        let sender = message.caller
        switch function {
        case .rate(let call):
            return try respond(to: call, message) { () throws(Revert) in
                let session = try host.staticCall(storage.escrow, SessionEscrow.GetSession(sessionId: call.sessionId))
                let ratee: Address
                if sender == session.student, sender != .zero {
                    ratee = session.tutor
                } else if sender == session.tutor, sender != .zero {
                    ratee = session.student
                } else {
                    throw .reason("ratings: not participant")
                }
                try require(session.status == SessionEscrowModel.Status.settled.rawValue, "ratings: not settled")
                try require(session.endedAt > session.startedAt, "ratings: nothing billed")
                try require(call.stars >= 1 && call.stars <= 5, "ratings: bad stars")
                let key = Rating(sessionId: call.sessionId, rater: sender)
                try host.chargeReads(1)
                try require(storage.stars[key] == nil, "ratings: already rated")

                try host.chargeWrite(from: 0, to: call.stars, zero: 0)
                storage.stars[key] = call.stars
                try host.chargeReads(2)
                let count = storage.count[ratee] ?? .zero
                let newCount = try count.adding(.one)
                try host.chargeWrite(from: count, to: newCount)
                storage.count[ratee] = newCount
                let sum = storage.sum[ratee] ?? .zero
                let newSum = try sum.adding(UInt256(call.stars))
                try host.chargeWrite(from: sum, to: newSum)
                storage.sum[ratee] = newSum
                host.setStorage(storage, of: me)
                try host.log(
                    SessionRatings.Rated(
                        sessionId: call.sessionId, rater: sender, ratee: ratee, stars: call.stars,
                        commentHash: call.commentHash),
                    from: me)
            }
        case .ratingOf(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(2)
                return SessionRatings.RatingOf.Output(
                    _0: storage.count[call.account] ?? .zero, _1: storage.sum[call.account] ?? .zero)
            }
        case .ratingBy(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.stars[Rating(sessionId: call.sessionId, rater: call.rater)] ?? 0
            }
        case .escrow(let call):
            return try respond(to: call, message) { () throws(Revert) in storage.escrow }
        }
    }
}
