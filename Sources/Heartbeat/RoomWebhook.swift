import Crypto
public import EthPrimitives
import Foundation
import JSONRPC

/// The shared secret that authenticates the video rooms' webhooks (`Huddle01-Signature`).
///
/// Its description never shows the secret.
public struct WebhookSecret: Sendable, CustomStringConvertible {
    private let secret: [UInt8]

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// The secret made of these bytes.
    ///
    /// - Throws: ``HeartbeatError/malformedRequest(_:)`` for an empty secret.
    public init(bytes: some Collection<UInt8>) throws(HeartbeatError) {
        guard !bytes.isEmpty else { throw .malformedRequest("the webhook secret is empty") }
        secret = Array(bytes)
    }

    /// The secret stored in the file at `path` (`--webhook-secret-file`), without a trailing line break.
    ///
    /// - Throws: ``HeartbeatError/malformedRequest(_:)`` when the file cannot be read or holds nothing.
    public init(contentsOfFile path: String) throws(HeartbeatError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .malformedRequest("cannot read the webhook secret file \(path)")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        try self.init(bytes: bytes)
    }

    /// The `Huddle01-Signature` value for `body`: the lowercase hex HMAC-SHA256 of the raw bytes.
    public func signature(of body: some Collection<UInt8>) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(body), using: key)
        return Hex.encode(Array(code), prefix: false)
    }

    /// Checks the `Huddle01-Signature` header of a webhook, in constant time.
    ///
    /// - Throws: ``HeartbeatError/webhookUnauthenticated(_:)`` when the header is absent, is not 64 lowercase hex
    ///   digits, or is not the HMAC-SHA256 of `body` under this secret.
    public func authenticate(body: some Collection<UInt8>, signature header: String?) throws(HeartbeatError) {
        guard let header else { throw .webhookUnauthenticated("no Huddle01-Signature header") }
        let utf8 = Array(header.utf8)
        guard utf8.count == 64, utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            let code = try? Hex.decode(header)
        else { throw .webhookUnauthenticated("Huddle01-Signature is not 64 lowercase hex digits") }
        guard HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Array(body), using: key) else {
            throw .webhookUnauthenticated("Huddle01-Signature does not match the body")
        }
    }

    public var description: String { "WebhookSecret(<redacted>)" }
}

/// One room webhook, shaped like Huddle01's: `{"id", "event", "payload"}`.
///
/// The events the heartbeat acts on are `peer:joined`, `peer:left` and `meeting:ended`. A peer's `metadata` (a
/// JSON string, as Huddle01 sends it, or an object) carries the escrow `sessionId` (decimal string or integer) and
/// the peer's `wallet` (or `walletAddress`). The event time is the payload's `joinedAt`, `leftAt` or `endedAt`
/// (`createdAt` for other events), in milliseconds since the epoch as Huddle01 writes it.
public struct RoomEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// `peer:joined`.
        case peerJoined
        /// `peer:left`.
        case peerLeft
        /// `meeting:ended`.
        case meetingEnded
        /// Any other event (`meeting:started`, `peer:trackPublished`, `recording:*`): authenticated and recorded,
        /// without effect.
        case other(String)

        /// The event name as Huddle01 writes it.
        public var description: String {
            switch self {
            case .peerJoined: "peer:joined"
            case .peerLeft: "peer:left"
            case .meetingEnded: "meeting:ended"
            case .other(let name): name
            }
        }
    }

    /// The delivery id (`id`): a second delivery with the same id is a replay.
    public var deliveryID: String
    /// The event.
    public var kind: Kind
    /// The room (`payload.roomId`).
    public var roomID: String?
    /// The escrow session named in the peer's metadata.
    public var sessionID: UInt256?
    /// The peer's wallet named in its metadata.
    public var wallet: Address?
    /// When the event happened, in unix seconds; nil when the payload gives no time.
    public var occurredAt: Double?

    /// An event with these fields.
    public init(
        deliveryID: String, kind: Kind, roomID: String? = nil, sessionID: UInt256? = nil, wallet: Address? = nil,
        occurredAt: Double? = nil
    ) {
        self.deliveryID = deliveryID
        self.kind = kind
        self.roomID = roomID
        self.sessionID = sessionID
        self.wallet = wallet
        self.occurredAt = occurredAt
    }

    /// Reads an (already authenticated) webhook body.
    ///
    /// Metadata that is absent, or not JSON with a decimal `sessionId` and an address, leaves ``sessionID`` or
    /// ``wallet`` nil: the room may belong to another application, so that is not an error; the event is then
    /// ignored.
    ///
    /// - Throws: ``HeartbeatError/malformedRequest(_:)`` when the body is not a JSON object with a non-empty string
    ///   `id`, a string `event` and an object `payload`, or when an event the heartbeat acts on has no time.
    public init(json body: some Collection<UInt8>) throws(HeartbeatError) {
        let object = try JSONField.object(body)
        guard case .string(let id)? = object["id"], !id.isEmpty, id.utf8.count <= 200 else {
            throw .malformedRequest("id must be a non-empty string of at most 200 bytes")
        }
        guard case .string(let name)? = object["event"] else { throw .malformedRequest("event must be a string") }
        guard case .object(let payload)? = object["payload"] else {
            throw .malformedRequest("payload must be an object")
        }
        let kind: Kind
        let timeMember: String
        switch name {
        case "peer:joined": (kind, timeMember) = (.peerJoined, "joinedAt")
        case "peer:left": (kind, timeMember) = (.peerLeft, "leftAt")
        case "meeting:ended": (kind, timeMember) = (.meetingEnded, "endedAt")
        default: (kind, timeMember) = (.other(name), "createdAt")
        }
        var occurredAt: Double?
        switch payload[timeMember] {
        case .integer(let milliseconds)?: occurredAt = Double(milliseconds) / 1000
        case .number(let milliseconds)? where milliseconds.isFinite: occurredAt = milliseconds / 1000
        case nil, .null?:
            if case .other = kind {
                occurredAt = nil
            } else {
                throw .malformedRequest("payload.\(timeMember) (milliseconds since the epoch) is missing")
            }
        default: throw .malformedRequest("payload.\(timeMember) must be a number of milliseconds")
        }
        let roomID: String?
        switch payload["roomId"] {
        case .string(let room)?: roomID = room
        default: roomID = nil
        }
        let metadata = Self.metadata(payload["metadata"])
        self.init(
            deliveryID: id, kind: kind, roomID: roomID, sessionID: metadata.sessionID, wallet: metadata.wallet,
            occurredAt: occurredAt)
    }

    /// The escrow session and wallet in a peer's metadata, when it carries them in the documented form.
    private static func metadata(_ value: JSONValue?) -> (sessionID: UInt256?, wallet: Address?) {
        var object: [String: JSONValue]
        switch value {
        case .object(let members)?: object = members
        case .string(let text)?:
            guard case .object(let members)? = try? JSONValue.parse(Array(text.utf8)) else { return (nil, nil) }
            object = members
        default: return (nil, nil)
        }
        if object["wallet"] == nil, let alias = object["walletAddress"] { object["wallet"] = alias }
        let sessionID = try? JSONField.uint256(object, "sessionId")
        let wallet = try? JSONField.address(object, "wallet")
        return (sessionID, wallet)
    }
}
