public import Signing

/// Why the matchmaker refused a request: the one error type of `Matchmaker`.
///
/// Each case is named after the rule broken and maps, in ``status`` and ``code``, to the HTTP status and the
/// machine-readable code of the `{"error": {"code", "message"}}` body; ``description`` is the message, one
/// sentence starting `matchmaker:` that says what to do.
public enum MatchmakerError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Requests

    /// A request body or parameter that is malformed (the field and what is wrong).
    case invalidRequest(String)
    /// The route does not exist.
    case notFound(String)

    // MARK: Sign-in

    /// No `Authorization: Bearer` token, or one that is unknown, revoked or expired.
    case unauthenticated(String)
    /// A sign-in message whose nonce was never issued here (or was issued so long ago it is forgotten).
    case unknownNonce(String)
    /// A sign-in message whose nonce has been used already.
    case nonceReused(String)
    /// A sign-in message whose nonce expired before it was used.
    case nonceExpired(String, expiredAt: Int64)
    /// The sign-in message failed a check of EIP-4361 (grammar, domain, URI, chain, time window or signature).
    case signIn(SigningError)
    /// A signature that is not 65 bytes of hex, or that recovers no key.
    case invalidSignature(String)

    // MARK: Tutors and proposals

    /// The caller has not set a tutor profile yet (`PUT /v1/tutors/me`).
    case noTutorProfile
    /// No such proposal.
    case proposalNotFound(String)
    /// The proposal is addressed to another tutor.
    case notYourProposal(String)
    /// The proposal can no longer be accepted or declined: it was accepted, declined, expired or withdrawn (why).
    case proposalClosed(id: String, reason: String)
    /// The tutor already has a match in progress.
    case tutorBusy(matchID: String)
    /// The tutor's online lease ran out; they must go online again first.
    case notOnline

    // MARK: Students

    /// No such match request (or it belongs to another student).
    case requestNotFound(String)
    /// The match request can no longer be cancelled (it is matched or over).
    case requestClosed(id: String, status: String)
    /// No such match (or the caller is not one of its participants).
    case matchNotFound(String)

    // MARK: Bookings and waitlist

    /// No such tutor (no profile).
    case tutorNotFound(String)
    /// The booking overlaps another booking of the tutor, or lies outside their availability (why).
    case bookingConflict(String)
    /// No such booking (or the caller is not one of its participants).
    case bookingNotFound(String)
    /// The booking was cancelled or is over.
    case bookingClosed(String)
    /// The room opens 10 minutes (by default) before the start; it is too early.
    case roomNotOpenYet(opensAt: Int64)
    /// No such waitlist entry (or it belongs to another student).
    case waitlistEntryNotFound(String)

    // MARK: Dependencies

    /// A read of the chain failed (node unreachable or answering errors).
    case chainUnavailable(String)
    /// The room provider failed to create a room or issue a token.
    case roomProviderFailed(String)
    /// The state store failed.
    case storage(String)

    /// The HTTP status the error is answered with.
    public var status: Int {
        switch self {
        case .invalidRequest, .invalidSignature: 400
        case .signIn(let error):
            switch error {
            case .siweMalformed: 400
            case .siweDomainMismatch, .siweSchemeMismatch, .siweURIMismatch, .siweChainMismatch: 422
            default: 401
            }
        case .unauthenticated, .unknownNonce, .nonceReused, .nonceExpired: 401
        case .notYourProposal: 403
        case .notFound, .proposalNotFound, .requestNotFound, .matchNotFound, .tutorNotFound, .bookingNotFound,
            .waitlistEntryNotFound:
            404
        case .proposalClosed, .tutorBusy, .notOnline, .requestClosed, .bookingConflict, .bookingClosed,
            .roomNotOpenYet, .noTutorProfile:
            409
        case .chainUnavailable, .roomProviderFailed: 503
        case .storage: 500
        }
    }

    /// The machine-readable code of the error body (`"nonce_reused"`).
    public var code: String {
        switch self {
        case .invalidRequest: "invalid_request"
        case .notFound: "not_found"
        case .unauthenticated: "unauthenticated"
        case .unknownNonce: "unknown_nonce"
        case .nonceReused: "nonce_reused"
        case .nonceExpired: "nonce_expired"
        case .signIn(let error):
            switch error {
            case .siweMalformed: "malformed_message"
            case .siweDomainMismatch: "wrong_domain"
            case .siweSchemeMismatch: "wrong_scheme"
            case .siweURIMismatch: "wrong_uri"
            case .siweChainMismatch: "wrong_chain"
            case .siweNonceMismatch: "wrong_nonce"
            case .siweNotYetValid: "message_not_yet_valid"
            case .siweExpired: "message_expired"
            case .siweIssuedInFuture: "issued_in_future"
            case .siweTooOld: "message_too_old"
            case .siweSignatureMismatch: "wrong_signer"
            default: "invalid_signature"
            }
        case .invalidSignature: "invalid_signature"
        case .noTutorProfile: "no_tutor_profile"
        case .proposalNotFound: "proposal_not_found"
        case .notYourProposal: "not_your_proposal"
        case .proposalClosed: "proposal_closed"
        case .tutorBusy: "tutor_busy"
        case .notOnline: "not_online"
        case .requestNotFound: "request_not_found"
        case .requestClosed: "request_closed"
        case .matchNotFound: "match_not_found"
        case .tutorNotFound: "tutor_not_found"
        case .bookingConflict: "booking_conflict"
        case .bookingNotFound: "booking_not_found"
        case .bookingClosed: "booking_closed"
        case .roomNotOpenYet: "room_not_open_yet"
        case .waitlistEntryNotFound: "waitlist_entry_not_found"
        case .chainUnavailable: "chain_unavailable"
        case .roomProviderFailed: "room_provider_failed"
        case .storage: "internal"
        }
    }

    public var description: String {
        switch self {
        case .invalidRequest(let what): "matchmaker: invalid request: \(what)"
        case .notFound(let path): "matchmaker: no route \(path)"
        case .unauthenticated(let why): "matchmaker: \(why); sign in again (GET /v1/auth/nonce, POST /v1/auth/login)"
        case .unknownNonce(let nonce):
            "matchmaker: nonce \(String(reflecting: nonce)) was not issued by this service; get one from GET /v1/auth/nonce"
        case .nonceReused(let nonce):
            "matchmaker: nonce \(String(reflecting: nonce)) was already used to sign in; get a fresh one from GET /v1/auth/nonce"
        case .nonceExpired(let nonce, let at):
            "matchmaker: nonce \(String(reflecting: nonce)) expired at \(at); get a fresh one from GET /v1/auth/nonce"
        case .signIn(let error): "matchmaker: sign-in refused: \(error.description)"
        case .invalidSignature(let why): "matchmaker: invalid signature: \(why)"
        case .noTutorProfile: "matchmaker: set your tutor profile first (PUT /v1/tutors/me)"
        case .proposalNotFound(let id): "matchmaker: no proposal \(id)"
        case .notYourProposal(let id): "matchmaker: proposal \(id) is addressed to another tutor"
        case .proposalClosed(let id, let reason): "matchmaker: proposal \(id) is no longer open: \(reason)"
        case .tutorBusy(let matchID):
            "matchmaker: you are already matched (match \(matchID)); finish or abandon that session first"
        case .notOnline: "matchmaker: your online lease ran out; go online again (POST /v1/tutors/me/online)"
        case .requestNotFound(let id): "matchmaker: no match request \(id) of yours"
        case .requestClosed(let id, let status): "matchmaker: match request \(id) is already \(status)"
        case .matchNotFound(let id): "matchmaker: no match \(id) of yours"
        case .tutorNotFound(let address): "matchmaker: \(address) has no tutor profile"
        case .bookingConflict(let why): "matchmaker: the booking conflicts: \(why)"
        case .bookingNotFound(let id): "matchmaker: no booking \(id) of yours"
        case .bookingClosed(let why): "matchmaker: \(why)"
        case .roomNotOpenYet(let opensAt): "matchmaker: the room opens at \(opensAt) (unix seconds); ask again then"
        case .waitlistEntryNotFound(let id): "matchmaker: no waitlist entry \(id) of yours"
        case .chainUnavailable(let why): "matchmaker: could not read the chain: \(why); try again shortly"
        case .roomProviderFailed(let why): "matchmaker: the room provider failed: \(why); try again shortly"
        case .storage(let why): "matchmaker: the state store failed: \(why)"
        }
    }
}
