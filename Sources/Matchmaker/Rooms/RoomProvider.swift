public import EthPrimitives

/// A participant's role in a video room, as Huddle01 names them.
public enum RoomRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// Runs the room (the tutor).
    case host
    /// A second host.
    case coHost = "co-host"
    /// Speaks and is heard (the student).
    case speaker
    /// Listens only.
    case listener
    /// Waits in the lobby until admitted.
    case guest
}

/// A room created by a ``RoomProvider``.
public struct Room: Sendable, Hashable, Codable {
    /// The provider's id for the room.
    public var roomID: String
    /// Its title.
    public var title: String

    /// A room.
    public init(roomID: String, title: String) {
        self.roomID = roomID
        self.title = title
    }
}

/// What a participant token says about its holder, carried as Huddle01 carries a peer's metadata: the heartbeat
/// service reads `walletAddress` and `sessionId` from room webhooks.
public struct RoomParticipantMetadata: Sendable, Hashable, Codable {
    /// The participant's wallet (EIP-55).
    public var walletAddress: String
    /// The escrow session id (decimal), once the deposit is known.
    public var sessionId: String?
    /// A name to show, if any.
    public var displayName: String?

    /// Metadata for `wallet`, optionally bound to an escrow session.
    public init(wallet: Address, sessionID: UInt256? = nil, displayName: String? = nil) {
        self.walletAddress = wallet.checksummed
        self.sessionId = sessionID.map { String($0) }
        self.displayName = displayName
    }
}

/// Video rooms, shaped like Huddle01's server API: create a room, then issue each participant an access token
/// with a role and metadata. The client joins the room with its token.
///
/// ``LocalRoomProvider`` is the working local implementation (ES256 tokens signed by the backend, verifiable with
/// ``jwks``). A Huddle01 implementation needs only an API key and the API's base URL: `createRoom` is
/// `POST {base}/api/v2/sdk/rooms/create-room` with `x-api-key`, and `participantToken` is Huddle01's
/// `AccessToken` signed with the API key; it is not part of this package (no Huddle01 account is reachable from
/// where it is built and tested).
public protocol RoomProvider: Sendable {
    /// Creates a room whose hosts are `hostWallets`.
    ///
    /// - Throws: ``MatchmakerError/roomProviderFailed(_:)``.
    func createRoom(title: String, hostWallets: [Address]) async throws(MatchmakerError) -> Room
    /// An access token for one participant of `roomID`, valid until `expiresAt` (unix seconds).
    ///
    /// - Throws: ``MatchmakerError/roomProviderFailed(_:)``.
    func participantToken(
        roomID: String, role: RoomRole, metadata: RoomParticipantMetadata, expiresAt: Double
    ) async throws(MatchmakerError) -> String
    /// The public keys that verify this provider's tokens (served at `GET /v1/rooms/jwks`), or nil when tokens are
    /// verified by the provider itself.
    var jwks: JSONWebKeySet? { get }
}

/// A JSON Web Key Set (RFC 7517) of EC P-256 public keys.
public struct JSONWebKeySet: Sendable, Hashable, Codable {
    /// One public key.
    public struct Key: Sendable, Hashable, Codable {
        /// `"EC"`.
        public var kty: String
        /// `"P-256"`.
        public var crv: String
        /// The x coordinate, base64url without padding.
        public var x: String
        /// The y coordinate, base64url without padding.
        public var y: String
        /// `"sig"`.
        public var use: String
        /// `"ES256"`.
        public var alg: String
        /// The key id: the RFC 7638 thumbprint, base64url.
        public var kid: String
    }

    /// The keys.
    public var keys: [Key]
}
