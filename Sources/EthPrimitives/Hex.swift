/// Hexadecimal coding of byte strings, the way Ethereum writes them (`0x`-prefixed, either case on input).
public enum Hex {
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
    /// - Throws: ``PrimitivesError`` naming the first problem and where it is.
    public static func decode(_ string: some StringProtocol, requirePrefix: Bool = false) throws(PrimitivesError)
        -> [UInt8]
    {
        // Native strings are contiguous UTF-8: decode in place, one pass, no copy of the text.
        let fast = string.utf8.withContiguousStorageIfAvailable { decodeFast($0, requirePrefix: requirePrefix) }
        if let bytes = fast ?? nil { return bytes }
        return try decodeReportingError(Array(string.utf8), requirePrefix: requirePrefix)
    }

    /// Digit values by ASCII code; 0xff for anything that is not a hex digit.
    static let digitTable: [UInt8] = (0..<256).map { digitValue(UInt8($0)) ?? 0xff }

    /// The bytes of well-formed hex text, or nil when the text breaks a rule (then the slow path says which).
    static func decodeFast(_ utf8: UnsafeBufferPointer<UInt8>, requirePrefix: Bool) -> [UInt8]? {
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            start = 2
        } else if requirePrefix {
            return nil
        }
        let digits = utf8.count - start
        guard digits % 2 == 0 else { return nil }
        var valid = true
        let bytes = digitTable.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: digits / 2) { out, count in
                var bad: UInt8 = 0
                for j in 0..<digits / 2 {
                    let high = table[Int(utf8[start + 2 * j])]
                    let low = table[Int(utf8[start + 2 * j + 1])]
                    bad |= high | low
                    out[j] = high << 4 | (low & 0x0f)
                }
                valid = bad & 0xf0 == 0
                count = digits / 2
            }
        }
        return valid ? bytes : nil
    }

    /// The careful path: finds the first rule broken and throws it (or decodes text that was not contiguous).
    static func decodeReportingError(_ utf8: [UInt8], requirePrefix: Bool) throws(PrimitivesError) -> [UInt8] {
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            start = 2
        } else if requirePrefix {
            throw .missingHexPrefix
        }
        let digits = utf8.count - start
        // Report a bad character before an odd length: it is the more precise complaint.
        for i in start..<utf8.count where digitValue(utf8[i]) == nil {
            let scalarOffset = String(decoding: utf8[0..<i], as: UTF8.self).count
            let character = String(decoding: utf8[i...], as: UTF8.self).first ?? "?"
            throw .invalidHexCharacter(character, offset: scalarOffset)
        }
        guard digits % 2 == 0 else { throw .oddHexLength(digits: digits) }
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
    /// Bytes from hex text (`0x` optional). Throws ``PrimitivesError`` on anything that is not whole hex bytes.
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        self = try Hex.decode(hex)
    }

    /// Lowercase `0x`-prefixed hex of these bytes.
    public var hexString: String { Hex.encode(self) }
}
