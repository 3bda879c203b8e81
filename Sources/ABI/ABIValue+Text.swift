import EthPrimitives

extension ABIValue {
    /// Parses a value of `type` written in the command line's value syntax (as Foundry's `cast` takes it):
    ///
    /// - integers in decimal (`-5` for `intN`) or `0x` hex; fixed-point numbers in decimal (`-1.25`);
    /// - `address`: `0x` + 40 hex digits, checked against EIP-55 when in mixed case;
    /// - `bool`: `true` or `false`;
    /// - `bytes`, `bytesN`, `function`: `0x` hex (exactly N bytes for `bytesN`, 24 for `function`);
    /// - `string`: the text as given;
    /// - arrays `[a,b,c]` and tuples `(a,b)`, nested; inside them a string may be double-quoted with JSON escapes
    ///   (`["a,b", "\"q\""]`), spaces after commas are allowed and unquoted elements are trimmed.
    ///
    /// - Throws: ``ABIError/invalidValue(text:type:reason:)`` for an element that is not a value of its type,
    ///   ``ABIError/invalidSyntax(text:offset:expected:)`` (character offset) for malformed brackets and quotes,
    ///   ``ABIError/wrongCount(path:expected:actual:)`` for a `T[k]` or tuple with the wrong number of elements.
    public init(parsing text: String, as type: ABIType) throws(ABIError) {
        try type.validate()
        if type.isElementary || type == .bytes || type == .string {
            self = try Self.parseElementary(text, as: type)
            return
        }
        var scanner = TextScanner(text)
        scanner.skipSpaces()
        self = try scanner.value(as: type)
        scanner.skipSpaces()
        try scanner.expectEnd()
    }

    /// Parses one elementary, `bytes` or `string` value from its whole text.
    static func parseElementary(_ text: String, as type: ABIType) throws(ABIError) -> ABIValue {
        func fail(_ reason: String) -> ABIError { .invalidValue(text: text, type: type, reason: reason) }
        switch type {
        case .uint(let bits):
            let number = try parseUnsigned(text, as: type)
            guard bits == 256 || number.leadingZeroBitCount >= 256 - bits else {
                throw fail("it is larger than 2^\(bits) - 1")
            }
            return .uint(number, bits: bits)
        case .int(let bits):
            let number = try parseSigned(text, as: type)
            guard ABIEncoder.fits(number, bits: bits) else {
                throw fail("it is outside -2^\(bits - 1) … 2^\(bits - 1) - 1")
            }
            return .int(number, bits: bits)
        case .fixed(let bits, let decimals):
            let raw = try parseSigned(try scaledDecimal(text, decimals: decimals, type: type), as: type)
            guard ABIEncoder.fits(raw, bits: bits) else { throw fail("it does not fit in \(bits) bits") }
            return .fixed(raw, bits: bits, decimals: decimals)
        case .ufixed(let bits, let decimals):
            let raw = try parseUnsigned(try scaledDecimal(text, decimals: decimals, type: type), as: type)
            guard bits == 256 || raw.leadingZeroBitCount >= 256 - bits else {
                throw fail("it does not fit in \(bits) bits")
            }
            return .ufixed(raw, bits: bits, decimals: decimals)
        case .address:
            do {
                return .address(try Address(hex: text))
            } catch {
                throw fail(Self.reason(error))
            }
        case .bool:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw fail("write true or false")
            }
        case .fixedBytes(let size):
            let bytes = try hexBytes(text, as: type)
            guard bytes.count == size else { throw fail("it needs exactly \(size) bytes, got \(bytes.count)") }
            return .fixedBytes(bytes)
        case .function:
            let bytes = try hexBytes(text, as: type)
            guard bytes.count == 24 else { throw fail("it needs 24 bytes (address and selector), got \(bytes.count)") }
            return .function(try! Address(bytes[0..<20]), try! Selector(bytes[20..<24]))
        case .bytes:
            return .bytes(try hexBytes(text, as: type))
        case .string:
            return .string(text)
        case .array, .fixedArray, .tuple:
            throw fail("write it in brackets")
        }
    }

    private static func reason(_ error: PrimitivesError) -> String {
        // The primitives' messages start with what they read ("hex: …"); keep only the sentence.
        let text = error.description
        guard let colon = text.firstIndex(of: ":") else { return text }
        return text[text.index(after: colon)...].trimmingPrefix(" ").description
    }

    private static func hexBytes(_ text: String, as type: ABIType) throws(ABIError) -> [UInt8] {
        do {
            return try Hex.decode(text, requirePrefix: true)
        } catch {
            throw .invalidValue(text: text, type: type, reason: reason(error))
        }
    }

    private static func parseUnsigned(_ text: String, as type: ABIType) throws(ABIError) -> UInt256 {
        if text.hasPrefix("-") {
            throw .invalidValue(text: text, type: type, reason: "it is negative")
        }
        guard let first = text.first, first.isASCII, first.isNumber else {
            throw .invalidValue(text: text, type: type, reason: "write a decimal number or 0x hex")
        }
        do {
            return try UInt256(parsing: text)
        } catch {
            throw .invalidValue(text: text, type: type, reason: reason(error))
        }
    }

    private static func parseSigned(_ text: String, as type: ABIType) throws(ABIError) -> Int256 {
        let negative = text.hasPrefix("-")
        let magnitudeText = negative ? String(text.dropFirst()) : text
        guard let first = magnitudeText.first, first.isASCII, first.isNumber else {
            throw .invalidValue(text: text, type: type, reason: "write a decimal number or 0x hex")
        }
        let magnitude: UInt256
        do {
            magnitude = try UInt256(parsing: magnitudeText)
        } catch {
            throw .invalidValue(text: text, type: type, reason: reason(error))
        }
        let limit = UInt256(1) << 255
        if negative {
            guard magnitude <= limit else { throw .invalidValue(text: text, type: type, reason: "it is below -2^255") }
            return Int256(bitPattern: UInt256.zero &- magnitude)
        }
        guard magnitude < limit else { throw .invalidValue(text: text, type: type, reason: "it is above 2^255 - 1") }
        return Int256(bitPattern: magnitude)
    }

    /// `"-1.25"` with 3 decimals → `"-1250"`: the decimal text of the raw integer of a fixed-point value.
    private static func scaledDecimal(_ text: String, decimals: Int, type: ABIType) throws(ABIError) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty
        else {
            throw .invalidValue(text: text, type: type, reason: "write a decimal number such as 1.25")
        }
        guard fraction.count <= decimals else {
            throw .invalidValue(text: text, type: type, reason: "it has more than \(decimals) decimals")
        }
        let digits = whole + fraction + String(repeating: "0", count: decimals - fraction.count)
        return (negative ? "-" : "") + digits
    }

    /// The decimal text of a fixed-point value from its raw integer's decimal text: `("-1250", 3)` → `"-1.25"`.
    static func decimalText(_ raw: String, _ decimals: Int) -> String {
        let negative = raw.hasPrefix("-")
        var digits = negative ? String(raw.dropFirst()) : raw
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -decimals)
        var fraction = digits[point...]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        let text = fraction.isEmpty ? String(digits[..<point]) : digits[..<point] + "." + fraction
        return negative && text != "0" ? "-" + text : text
    }
}

extension TextScanner {
    /// A value of `type` inside brackets (or at the top of an array or tuple).
    mutating func value(as type: ABIType) throws(ABIError) -> ABIValue {
        switch type {
        case .array(let element):
            return .array(try list(open: "[", close: "]", expected: nil, types: { _ in element }))
        case .fixedArray(let element, let count):
            return .fixedArray(try list(open: "[", close: "]", expected: count, types: { _ in element }))
        case .tuple(let components):
            return .tuple(
                try list(open: "(", close: ")", expected: components.count, types: { components[$0] }))
        case .string where peek() == UInt8(ascii: "\""):
            return .string(try quotedString())
        default:
            let start = position
            var depth = 0
            while let c = peek() {
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "(") { depth += 1 }
                if c == UInt8(ascii: "]") || c == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                if c == UInt8(ascii: ","), depth == 0 { break }
                position += 1
            }
            var end = position
            while end > start, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[end - 1]) { end -= 1 }
            guard end > start else { throw error(expected: "a \(type) value", at: start) }
            return try ABIValue.parseElementary(String(decoding: bytes[start..<end], as: UTF8.self), as: type)
        }
    }

    /// `open value, value, … close` with the type of each element given by its index.
    private mutating func list(
        open: Character, close: Character, expected: Int?, types: (Int) -> ABIType
    ) throws(ABIError) -> [ABIValue] {
        try expect(open.asciiValue!)
        skipSpaces()
        var values: [ABIValue] = []
        if !consume(close.asciiValue!) {
            while true {
                if let expected, values.count == expected {
                    throw .wrongCount(path: "", expected: expected, actual: expected + 1)
                }
                values.append(try value(as: types(values.count)))
                skipSpaces()
                if consume(close.asciiValue!) { break }
                guard consume(UInt8(ascii: ",")) else { throw error(expected: "',' or '\(close)'") }
                skipSpaces()
            }
        }
        if let expected, values.count != expected {
            throw .wrongCount(path: "", expected: expected, actual: values.count)
        }
        return values
    }

    /// A double-quoted string with JSON escapes.
    mutating func quotedString() throws(ABIError) -> String {
        try expect(UInt8(ascii: "\""))
        var utf8: [UInt8] = []
        while true {
            guard let c = peek() else { throw error(expected: "a closing '\"'") }
            position += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw error(expected: "an escape") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0c)
                case UInt8(ascii: "n"): utf8.append(0x0a)
                case UInt8(ascii: "r"): utf8.append(0x0d)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xd800..<0xdc00).contains(scalar) {
                        // A surrogate pair spells one scalar above U+FFFF.
                        guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                            throw error(expected: "the second half of a surrogate pair")
                        }
                        let low = try hex4()
                        guard (0xdc00..<0xe000).contains(low) else {
                            throw error(expected: "a low surrogate", at: position - 4)
                        }
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw error(expected: "a Unicode scalar", at: position - 4)
                    }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw error(expected: "one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u", at: position - 1)
                }
            case 0..<0x20:
                throw error(expected: "an escaped control character", at: position - 1)
            default:
                utf8.append(c)
            }
        }
    }

    private mutating func hex4() throws(ABIError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek(), let digit = Hex.digitValue(c) else { throw error(expected: "four hex digits") }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
