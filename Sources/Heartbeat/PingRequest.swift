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
        if let members = body.withContiguousStorageIfAvailable({ FlatObjectScanner.scan($0) }) ?? nil {
            return members
        }
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

/// A fast reader for the common shape of a request body: one JSON object whose members are strings of printable
/// ASCII without escapes, integers that fit in `Int64` (no sign, fraction or exponent), `true`, `false` or `null`,
/// with no repeated name. A ping is always this shape, and reading it here costs a few hundred nanoseconds where
/// Foundation's `JSONDecoder` costs tens of microseconds, as much as the ping's signature recovery.
///
/// It answers nil for anything else (escapes, non-ASCII, nested values, other numbers, repeated names, invalid
/// JSON), and the caller then parses the body in full with ``JSONRPC/JSONValue/parse(_:)``, so the values read and
/// the refusals given are the same either way: for the bodies it accepts, its result is exactly what the full
/// parser returns.
enum FlatObjectScanner {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        var index = 0
        let end = bytes.count
        func skipSpace() {
            while index < end,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
        }
        /// A string of printable ASCII without escapes, the opening quote at `index`.
        func string() -> String? {
            guard index < end, bytes[index] == 0x22 else { return nil }
            index += 1
            let start = index
            while index < end {
                let byte = bytes[index]
                if byte == 0x22 {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte < 0x7F, byte != 0x5C else { return nil }
                index += 1
            }
            return nil
        }
        func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard end - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
            index += count
            return true
        }
        func value() -> JSONValue? {
            guard index < end else { return nil }
            switch bytes[index] {
            case 0x22: return string().map(JSONValue.string)
            case 0x30...0x39:
                // 0, or 1-9 followed by digits; at most 18 digits, so it fits in Int64.
                let start = index
                var number: Int64 = 0
                while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    guard index - start < 18 else { return nil }
                    number = number * 10 + Int64(bytes[index] - 0x30)
                    index += 1
                }
                guard bytes[start] != 0x30 || index - start == 1 else { return nil }
                // A fraction or an exponent: not this reader's shape.
                if index < end, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 { return nil }
                return .integer(number)
            case 0x74: return literal("true") ? .bool(true) : nil
            case 0x66: return literal("false") ? .bool(false) : nil
            case 0x6E: return literal("null") ? .null : nil
            default: return nil
            }
        }

        var members: [String: JSONValue] = [:]
        members.reserveCapacity(6)
        skipSpace()
        guard index < end, bytes[index] == 0x7B else { return nil }
        index += 1
        skipSpace()
        if index < end, bytes[index] == 0x7D {
            index += 1
        } else {
            while true {
                skipSpace()
                guard let name = string() else { return nil }
                skipSpace()
                guard index < end, bytes[index] == 0x3A else { return nil }
                index += 1
                skipSpace()
                guard let member = value(), members.updateValue(member, forKey: name) == nil else { return nil }
                skipSpace()
                guard index < end else { return nil }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x7D else { return nil }
                index += 1
                break
            }
        }
        skipSpace()
        return index == end ? members : nil
    }
}
