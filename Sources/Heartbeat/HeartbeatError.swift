public import EthPrimitives

/// Why the heartbeat service refused a ping, a webhook or a request, or could not do its work.
///
/// The one error type of `Heartbeat`. Cases are named after the rule broken; each carries the HTTP status and the
/// stable machine-readable code the HTTP face answers with (``httpStatus``, ``code``), so errors are mapped to the
/// protocol in one place. Descriptions start with `heartbeat:` and say what the client should do.
public enum HeartbeatError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: 400

    /// A request body that is not the expected JSON, or a field that is missing or malformed (named in the reason).
    case malformedRequest(String)
    /// A path parameter that is not what the route expects (for example a session id that is not a decimal number).
    case malformedPath(String)

    // MARK: 401

    /// The ping's signature recovers to another address than the ping's `participant`.
    case signatureMismatch(claimed: Address, recovered: Address)
    /// The ping's signature recovers no address at all (r or s out of range, high s, or no matching point).
    case unrecoverableSignature(String)
    /// A webhook without a valid `Huddle01-Signature` header (absent, not 64 lowercase hex digits, or not the
    /// HMAC-SHA256 of the body under the shared secret).
    case webhookUnauthenticated(String)

    // MARK: 403

    /// The ping's participant is neither the session's student nor its tutor.
    case notParticipant(Address, sessionID: UInt256)

    // MARK: 404

    /// The escrow has no session with this id.
    case unknownSession(UInt256)

    // MARK: 409

    /// The ping's sequence number is not above the last one accepted from this participant for this session.
    case replayedSequence(seq: UInt64, lastAccepted: UInt64)
    /// A webhook whose delivery id was already accepted.
    case webhookReplayed(id: String)
    /// A webhook whose event time lies outside the replay window around the service's clock.
    case webhookStale(id: String, occurredAt: Double, serverTime: Double, window: Double)

    // MARK: 410

    /// The session has ended (stopped, settled or cancelled on-chain): pings for it are no longer wanted.
    case sessionEnded(UInt256)

    // MARK: 413

    /// A request body larger than the route accepts.
    case bodyTooLarge(limit: Int)

    // MARK: 422

    /// The ping's `issuedAt` is further from the service's clock than the skew window allows.
    case issuedAtOutsideWindow(issuedAt: UInt64, serverTime: Double, skew: Double)

    // MARK: 503

    /// The store could not commit or read (the ping was not acknowledged, so the client may send it again).
    case storeUnavailable(String)
    /// The chain could not be read to learn about a session (the client may retry).
    case chainUnavailable(String)

    /// The HTTP status the HTTP face answers with.
    public var httpStatus: Int {
        switch self {
        case .malformedRequest, .malformedPath: 400
        case .signatureMismatch, .unrecoverableSignature, .webhookUnauthenticated: 401
        case .notParticipant: 403
        case .unknownSession: 404
        case .replayedSequence, .webhookReplayed, .webhookStale: 409
        case .sessionEnded: 410
        case .bodyTooLarge: 413
        case .issuedAtOutsideWindow: 422
        case .storeUnavailable, .chainUnavailable: 503
        }
    }

    /// The stable code in the error body, `{"error": {"code": ..., "message": ...}}`.
    public var code: String {
        switch self {
        case .malformedRequest, .malformedPath: "malformed"
        case .signatureMismatch, .unrecoverableSignature: "bad_signature"
        case .webhookUnauthenticated: "unauthenticated"
        case .notParticipant: "not_participant"
        case .unknownSession: "unknown_session"
        case .replayedSequence, .webhookReplayed, .webhookStale: "replayed"
        case .sessionEnded: "session_ended"
        case .bodyTooLarge: "body_too_large"
        case .issuedAtOutsideWindow: "clock_skew"
        case .storeUnavailable: "store_unavailable"
        case .chainUnavailable: "chain_unavailable"
        }
    }

    public var description: String {
        switch self {
        case .malformedRequest(let reason): "heartbeat: malformed request: \(reason)"
        case .malformedPath(let reason): "heartbeat: malformed path: \(reason)"
        case .signatureMismatch(let claimed, let recovered):
            "heartbeat: the signature recovers to \(recovered), not to the participant \(claimed); sign the "
                + "Heartbeat typed data with the participant's wallet for this chain and escrow"
        case .unrecoverableSignature(let reason):
            "heartbeat: the signature recovers no address (\(reason)); send the wallet's 65-byte r‖s‖v signature"
        case .webhookUnauthenticated(let reason):
            "heartbeat: webhook refused: \(reason); sign the raw body with HMAC-SHA256 under the shared secret and "
                + "send it as lowercase hex in Huddle01-Signature"
        case .notParticipant(let address, let sessionID):
            "heartbeat: \(address) is neither the student nor the tutor of session \(sessionID)"
        case .unknownSession(let id): "heartbeat: the escrow has no session \(id)"
        case .replayedSequence(let seq, let last):
            "heartbeat: seq \(seq) is not above the last accepted seq \(last); send a higher seq (a replay is refused)"
        case .webhookReplayed(let id): "heartbeat: webhook \(String(reflecting: id)) was already accepted"
        case .webhookStale(let id, let occurredAt, let serverTime, let window):
            "heartbeat: webhook \(String(reflecting: id)) happened at \(occurredAt), more than \(window) s from the "
                + "service's time \(serverTime); a replayed or badly delayed delivery is refused"
        case .sessionEnded(let id): "heartbeat: session \(id) has ended; stop sending pings for it"
        case .bodyTooLarge(let limit): "heartbeat: request body larger than \(limit) bytes"
        case .issuedAtOutsideWindow(let issuedAt, let serverTime, let skew):
            "heartbeat: issuedAt \(issuedAt) is more than \(skew) s from the service's time \(serverTime); "
                + "correct the client clock with serverTime and sign a new ping"
        case .storeUnavailable(let reason):
            "heartbeat: the store is unavailable (\(reason)); nothing was recorded, send the ping again"
        case .chainUnavailable(let reason):
            "heartbeat: the chain could not be read (\(reason)); try again shortly"
        }
    }
}
