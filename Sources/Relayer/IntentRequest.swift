import EthPrimitives
import Foundation
public import JSONRPC

extension RelayerHTTP {
    // MARK: - Parsing

    /// Reads `{"action", "sessionId", "endedAt"?}`.
    ///
    /// - Throws: ``RelayerError/malformedRequest(_:)`` naming the member at fault; ``RelayerError/invalidIntent(_:)``
    ///   for a well-formed body that breaks an intent's rules (`endedAt` missing for `stopAt`).
    public static func parseIntent(_ body: [UInt8]) throws(RelayerError) -> SessionIntent {
        let value: JSONValue
        do {
            value = try JSONValue.parse(body)
        } catch {
            throw .malformedRequest("the body is not JSON")
        }
        guard case .object(let members) = value else { throw .malformedRequest("the body must be a JSON object") }
        if let unknown = members.keys.sorted().first(where: { !["action", "sessionId", "endedAt"].contains($0) }) {
            throw .malformedRequest("unknown member \"\(unknown)\" (expected action, sessionId, endedAt)")
        }
        guard case .string(let actionText)? = members["action"] else {
            throw .malformedRequest("\"action\" must be one of start, stopAt, settle, cancel")
        }
        guard let action = SessionIntent.Action(rawValue: actionText) else {
            throw .malformedRequest("\"action\" must be one of start, stopAt, settle, cancel, not \"\(actionText)\"")
        }
        guard let sessionValue = members["sessionId"] else { throw .malformedRequest("\"sessionId\" is missing") }
        let sessionID = try integer(sessionValue, member: "sessionId", as: UInt256.self)
        var endedAt: UInt64?
        if let value = members["endedAt"], value != .null {
            endedAt = try integer(value, member: "endedAt", as: UInt64.self)
        }
        let intent = SessionIntent(action: action, sessionID: sessionID, endedAt: endedAt)
        if let problem = intent.validate() { throw .invalidIntent(problem) }
        return intent
    }

    /// A non-negative integer given as a JSON integer or a decimal string.
    private static func integer<T: FixedWidthInteger & UnsignedInteger>(
        _ value: JSONValue, member: String, as type: T.Type
    ) throws(RelayerError) -> T {
        let limit = type == UInt256.self ? "2^256" : "2^64"
        switch value {
        case .integer(let number):
            guard number >= 0 else { throw .malformedRequest("\"\(member)\" must not be negative") }
            return T(number)
        case .number:
            throw .malformedRequest(
                "\"\(member)\" must be a whole number; above 2^63 − 1 send it as a decimal string")
        case .string(let text):
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw .malformedRequest("\"\(member)\" must be decimal digits, not \"\(text)\"")
            }
            guard let parsed = T(text, radix: 10) else {
                throw .malformedRequest("\"\(member)\" must be below \(limit)")
            }
            return parsed
        default:
            throw .malformedRequest("\"\(member)\" must be an integer or a decimal string")
        }
    }

    // MARK: - Answers

    /// An intent as `GET /v1/intents/{key}` shows it.
    public struct IntentView: Sendable, Hashable, Codable {
        /// `sessionId:action`.
        public var key: String
        /// `start`, `stopAt`, `settle` or `cancel`.
        public var action: String
        /// The session id, in decimal.
        public var sessionId: String
        /// The end of billing for `stopAt`.
        public var endedAt: UInt64?
        /// The state (``IntentState``).
        public var state: String
        /// When it was committed (unix seconds).
        public var createdAt: Double
        /// When it last changed.
        public var updatedAt: Double
        /// Failed attempts so far.
        public var attempts: Int
        /// The nonce of its current transaction.
        public var nonce: UInt64?
        /// The mined transaction's hash.
        public var minedHash: String?
        /// The block it was mined in.
        public var minedBlock: UInt64?
        /// Why it is moot or failed, or the last transient error.
        public var detail: String?
        /// Every transaction signed for it, oldest first.
        public var transactions: [TransactionView]

        /// The view of a record and its transactions.
        public init(_ record: OutboxIntent, transactions: [OutboxTransaction]) {
            key = record.key
            action = record.intent.action.rawValue
            sessionId = record.intent.sessionID.description
            endedAt = record.intent.endedAt
            state = record.state.rawValue
            createdAt = record.createdAt
            updatedAt = record.updatedAt
            attempts = record.attempts
            nonce = record.nonce
            minedHash = record.minedHash?.hexString
            minedBlock = record.minedBlock
            detail = record.detail
            self.transactions = transactions.map(TransactionView.init)
        }
    }

    /// One signed transaction of an intent.
    public struct TransactionView: Sendable, Hashable, Codable {
        /// Its hash.
        public var hash: String
        /// Its nonce.
        public var nonce: UInt64
        /// Its fee cap, in wei (decimal).
        public var maxFeePerGas: String
        /// Its priority fee, in wei (decimal).
        public var maxPriorityFeePerGas: String
        /// Its gas limit.
        public var gasLimit: UInt64
        /// When it was signed.
        public var signedAt: Double
        /// When a node last accepted it.
        public var sentAt: Double?
        /// True when a node refused it for good (it was never broadcast).
        public var abandoned: Bool?

        /// The view of a stored transaction.
        public init(_ transaction: OutboxTransaction) {
            hash = transaction.hash.hexString
            nonce = transaction.nonce
            maxFeePerGas = transaction.fees.maxFeePerGas.description
            maxPriorityFeePerGas = transaction.fees.maxPriorityFeePerGas.description
            gasLimit = transaction.gasLimit
            signedAt = transaction.signedAt
            sentAt = transaction.lastSentAt
            abandoned = transaction.abandoned ? true : nil
        }
    }
}
