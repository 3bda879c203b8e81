import EthPrimitives
import JSONRPC
import Secp256k1

extension SignedPing {
    /// Reads the body of `POST /v1/ping`: `{"sessionId", "participant", "seq", "issuedAt", "signature"}`.
    ///
    /// Numbers are JSON integers or decimal strings (`"12"`; no sign, no hex, no fraction); a value of 2^63 or more
    /// must be a string. `participant` is `0x` + 40 hex digits (lowercase, uppercase, or a valid EIP-55
    /// checksum). `signature` is the wallet's 65-byte `r‖s‖v` hex, `v` being 27, 28, 0 or 1. Unknown members are
    /// ignored.
    ///
    /// - Throws: ``HeartbeatError/malformedRequest(_:)`` naming the first member that is missing or malformed.
    public init(json body: some Collection<UInt8>) throws(HeartbeatError) {
        let object = try JSONField.object(body)
        let sessionID = try JSONField.uint256(object, "sessionId")
        let participant = try JSONField.address(object, "participant")
        let seq = try JSONField.uint64(object, "seq")
        let issuedAt = try JSONField.uint64(object, "issuedAt")
        let signature = try JSONField.signature(object, "signature")
        self.init(
            message: HeartbeatMessage(sessionID: sessionID, participant: participant, seq: seq, issuedAt: issuedAt),
            signature: signature)
    }

    /// The JSON body a client sends for this ping (numbers as JSON integers, `sessionId` as a decimal string).
    public var jsonBody: [UInt8] {
        let text =
            "{\"sessionId\":\"\(message.sessionID)\",\"participant\":\"\(message.participant.checksummed)\","
            + "\"seq\":\(message.seq),\"issuedAt\":\(message.issuedAt),\"signature\":\"\(Hex.encode(signature.rsv))\"}"
        return Array(text.utf8)
    }
}

/// Strict readers for the members of a JSON request body.
enum JSONField {
    /// Parses `body` as one JSON object.
    static func object(_ body: some Collection<UInt8>) throws(HeartbeatError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONValue.parse(body)
        } catch {
            throw .malformedRequest("the body is not JSON")
        }
        guard case .object(let object) = value else { throw .malformedRequest("the body must be a JSON object") }
        return object
    }

    /// A non-negative integer given as a JSON integer or a decimal string.
    static func uint256(_ object: [String: JSONValue], _ name: String) throws(HeartbeatError) -> UInt256 {
        switch object[name] {
        case nil, .null?: throw .malformedRequest("\(name) is missing")
        case .string(let text)?: return try decimal(text, name)
        case .integer(let value)? where value >= 0: return UInt256(UInt64(value))
        default:
            throw .malformedRequest(
                "\(name) must be a non-negative integer (a JSON integer below 2^63, or a decimal string)")
        }
    }

    /// A `uint64` given as a JSON integer or a decimal string.
    static func uint64(_ object: [String: JSONValue], _ name: String) throws(HeartbeatError) -> UInt64 {
        let value = try uint256(object, name)
        guard value <= UInt256(UInt64.max) else { throw .malformedRequest("\(name) does not fit in uint64") }
        return UInt64(value)
    }

    /// A string member, or nil when absent or null.
    static func optionalString(_ object: [String: JSONValue], _ name: String) throws(HeartbeatError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .malformedRequest("\(name) must be a string")
        }
    }

    /// An address: `0x` and 40 hex digits, all lowercase, all uppercase or a valid EIP-55 checksum.
    static func address(_ object: [String: JSONValue], _ name: String) throws(HeartbeatError) -> Address {
        guard case .string(let text)? = object[name] else {
            throw .malformedRequest("\(name) must be an address string (0x and 40 hex digits)")
        }
        return try address(text, name)
    }

    /// Parses address text, naming the member in the error.
    static func address(_ text: String, _ name: String) throws(HeartbeatError) -> Address {
        do {
            return try Address(hex: text)
        } catch {
            throw .malformedRequest("\(name) is not an address: \(error)")
        }
    }

    /// A 65-byte `r‖s‖v` signature in hex (`0x` optional).
    static func signature(_ object: [String: JSONValue], _ name: String) throws(HeartbeatError) -> Signature {
        guard case .string(let text)? = object[name] else {
            throw .malformedRequest("\(name) must be a hex string of 65 bytes (r‖s‖v)")
        }
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(text)
        } catch {
            throw .malformedRequest("\(name) is not hex: \(error)")
        }
        do {
            return try Signature(rsv: bytes)
        } catch {
            throw .malformedRequest("\(name): \(error)")
        }
    }

    /// Decimal digits only, at most 78 of them, below 2^256.
    static func decimal(_ text: String, _ name: String) throws(HeartbeatError) -> UInt256 {
        guard !text.isEmpty, text.utf8.count <= 78, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .malformedRequest("\(name) must be decimal digits, got \(String(reflecting: text))")
        }
        do {
            return try UInt256(parsing: text)
        } catch {
            throw .malformedRequest("\(name): \(error)")
        }
    }
}
