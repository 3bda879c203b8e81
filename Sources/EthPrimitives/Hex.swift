/// Hexadecimal coding of byte strings, the way Ethereum writes them (`0x`-prefixed, either case on input).
public enum Hex {
    /// Why a hex string was refused.
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        /// The string does not start with `0x` (or `0X`) where a prefix is required.
        case missingPrefix
        /// The number of hex digits is odd, so the string does not spell whole bytes.
        case oddLength(Int)
        /// A character that is not a hex digit, at this character offset of the whole string.
        case invalidCharacter(Character, offset: Int)

        public var description: String {
            switch self {
            case .missingPrefix: "hex: expected 0x followed by hex digits"
            case .oddLength(let n): "hex: odd number of hex digits (\(n)); each byte needs two"
            case .invalidCharacter(let c, let offset):
                "hex: invalid character \(String(reflecting: String(c))) at offset \(offset)"
            }
        }
    }

    @usableFromInline static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`, with `0x` in front unless `prefix` is false.
    @inlinable
    public static func encode<Bytes: Collection>(_ bytes: Bytes, prefix: Bool = true) -> String
    where Bytes.Element == UInt8 {
        let capacity = (prefix ? 2 : 0) + 2 * bytes.count
        guard capacity > 0 else { return "" }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var i = 0
            if prefix {
                buffer[0] = UInt8(ascii: "0")
                buffer[1] = UInt8(ascii: "x")
                i = 2
            }
            lowerDigits.withUnsafeBufferPointer { digits in
                for byte in bytes {
                    buffer[i] = digits[Int(byte >> 4)]
                    buffer[i + 1] = digits[Int(byte & 0x0f)]
                    i += 2
                }
            }
            return i
        }
    }

    /// The value of one ASCII hex digit, or nil.
    @inlinable
    public static func digitValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    /// Decodes hex digits into bytes.
    ///
    /// - Parameters:
    ///   - string: the hex text; `0x`/`0X` in front is accepted (and required when `requirePrefix` is true).
    ///   - requirePrefix: refuse a string without `0x`.
    /// - Throws: ``Hex/Error`` naming the first problem and where it is.
    public static func decode(_ string: some StringProtocol, requirePrefix: Bool = false) throws(Hex.Error) -> [UInt8] {
        let utf8 = Array(string.utf8)
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            start = 2
        } else if requirePrefix {
            throw .missingPrefix
        }
        let digits = utf8.count - start
        // Report a bad character before an odd length: it is the more precise complaint.
        for i in start..<utf8.count where digitValue(utf8[i]) == nil {
            let scalarOffset = String(decoding: utf8[0..<i], as: UTF8.self).count
            let character = String(decoding: utf8[i...], as: UTF8.self).first ?? "?"
            throw .invalidCharacter(character, offset: scalarOffset)
        }
        guard digits % 2 == 0 else { throw .oddLength(digits) }
        return [UInt8](unsafeUninitializedCapacity: digits / 2) { out, count in
            for j in 0..<digits / 2 {
                out[j] = digitValue(utf8[start + 2 * j])! << 4 | digitValue(utf8[start + 2 * j + 1])!
            }
            count = digits / 2
        }
    }

    /// True when `string` is `0x` followed by an even number of hex digits (the CLI's "hex bytes").
    public static func isPrefixedHex(_ string: some StringProtocol) -> Bool {
        (try? decode(string, requirePrefix: true)) != nil
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hex text (`0x` optional). Throws ``Hex/Error`` on anything that is not whole hex bytes.
    public init(hex: some StringProtocol) throws(Hex.Error) {
        self = try Hex.decode(hex)
    }

    /// Lowercase `0x`-prefixed hex of these bytes.
    public var hexString: String { Hex.encode(self) }
}
