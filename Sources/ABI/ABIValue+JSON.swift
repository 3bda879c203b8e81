import EthPrimitives

extension ABIValue {
    /// The value as compact JSON, the form `metered abi-decode` prints: integers as decimal strings (fixed-point
    /// values as decimal fractions, `"-1.25"`), addresses EIP-55 checksummed, `bool` as a JSON boolean, `bytes`,
    /// `bytesN` and `function` as lowercase `0x` hex, strings as JSON strings, arrays and tuples as JSON arrays.
    public var json: String {
        var output = ""
        writeJSON(to: &output)
        return output
    }

    /// A list of values as a compact JSON array (a function's decoded results, say).
    public static func json(_ values: [ABIValue]) -> String {
        ABIValue.tuple(values).json
    }

    private func writeJSON(to output: inout String) {
        switch self {
        case .uint(let number, _): output += "\"\(number)\""
        case .int(let number, _): output += "\"\(number)\""
        case .fixed(let raw, _, let decimals): output += "\"\(ABIValue.decimalText(raw.description, decimals))\""
        case .ufixed(let raw, _, let decimals): output += "\"\(ABIValue.decimalText(raw.description, decimals))\""
        case .address(let address): output += "\"\(address.checksummed)\""
        case .bool(let flag): output += flag ? "true" : "false"
        case .fixedBytes(let bytes), .bytes(let bytes): output += "\"\(Hex.encode(bytes))\""
        case .function(let address, let selector):
            output += "\"\(Hex.encode(address.bytes + selector.bytes))\""
        case .string(let string): ABIValue.writeJSONString(string, to: &output)
        case .array(let values), .fixedArray(let values), .tuple(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.writeJSON(to: &output)
            }
            output += "]"
        }
    }

    /// Writes `string` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`,
    /// everything else (including non-ASCII) as is.
    static func writeJSONString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Reads a value of `type` from the JSON form ``json`` writes. Integers may also be JSON numbers or `0x` hex
    /// strings, addresses in any case that passes EIP-55.
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` for text that is not JSON,
    ///   ``ABIError/invalidValue(text:type:reason:)`` or ``ABIError/wrongCount(path:expected:actual:)`` for JSON
    ///   that is not a value of `type`.
    public init(json text: String, as type: ABIType) throws(ABIError) {
        try type.validate()
        var scanner = TextScanner(text)
        scanner.skipSpaces()
        let json = try scanner.jsonValue(depth: 0)
        scanner.skipSpaces()
        try scanner.expectEnd()
        self = try ABIValue(json: json, as: type)
    }

    init(json: JSONValue, as type: ABIType) throws(ABIError) {
        switch (type, json) {
        case (.array(let element), .array(let items)):
            var values: [ABIValue] = []
            for item in items { values.append(try ABIValue(json: item, as: element)) }
            self = .array(values)
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else { throw .wrongCount(path: "", expected: count, actual: items.count) }
            var values: [ABIValue] = []
            for item in items { values.append(try ABIValue(json: item, as: element)) }
            self = .fixedArray(values)
        case (.tuple(let types), .array(let items)):
            guard items.count == types.count else {
                throw .wrongCount(path: "", expected: types.count, actual: items.count)
            }
            var values: [ABIValue] = []
            for (item, type) in zip(items, types) { values.append(try ABIValue(json: item, as: type)) }
            self = .tuple(values)
        case (.bool, .bool(let flag)):
            self = .bool(flag)
        case (.uint, .number(let text)), (.int, .number(let text)), (.fixed, .number(let text)),
            (.ufixed, .number(let text)):
            self = try ABIValue.parseElementary(text, as: type)
        case (_, .string(let text)) where type.isElementary || type == .bytes || type == .string:
            self = try ABIValue.parseElementary(text, as: type)
        default:
            throw .invalidValue(text: json.text, type: type, reason: "JSON \(json.kind) is not a \(type) value")
        }
    }
}

/// A parsed JSON value; numbers keep their exact text (a `uint256` needs 78 digits, more than a Double holds).
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

    /// What kind of JSON value this is, for messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compact JSON text.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let digits): return digits
        case .string(let string):
            var output = ""
            ABIValue.writeJSONString(string, to: &output)
            return output
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            return "{"
                + members.map { key, value in
                    var output = ""
                    ABIValue.writeJSONString(key, to: &output)
                    return output + ":" + value.text
                }.joined(separator: ",") + "}"
        }
    }
}

extension TextScanner {
    /// How deep JSON arrays and objects may nest.
    static let maximumJSONDepth = 64

    /// One JSON value (RFC 8259).
    mutating func jsonValue(depth: Int) throws(ABIError) -> JSONValue {
        guard depth <= Self.maximumJSONDepth else { throw .nestingTooDeep(limit: Self.maximumJSONDepth) }
        skipSpaces()
        guard let c = peek() else { throw error(expected: "a JSON value") }
        switch c {
        case UInt8(ascii: "{"):
            position += 1
            skipSpaces()
            var members: [(String, JSONValue)] = []
            if consume(UInt8(ascii: "}")) { return .object(members) }
            while true {
                skipSpaces()
                guard peek() == UInt8(ascii: "\"") else { throw error(expected: "a string key") }
                let key = try quotedString()
                skipSpaces()
                try expect(UInt8(ascii: ":"))
                members.append((key, try jsonValue(depth: depth + 1)))
                skipSpaces()
                if consume(UInt8(ascii: "}")) { return .object(members) }
                guard consume(UInt8(ascii: ",")) else { throw error(expected: "',' or '}'") }
            }
        case UInt8(ascii: "["):
            position += 1
            skipSpaces()
            var items: [JSONValue] = []
            if consume(UInt8(ascii: "]")) { return .array(items) }
            while true {
                items.append(try jsonValue(depth: depth + 1))
                skipSpaces()
                if consume(UInt8(ascii: "]")) { return .array(items) }
                guard consume(UInt8(ascii: ",")) else { throw error(expected: "',' or ']'") }
            }
        case UInt8(ascii: "\""):
            return .string(try quotedString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard let word = identifier(),
                let literal = [
                    "true": JSONValue.bool(true), "false": .bool(false),
                    "null": .null,
                ][word]
            else { throw error(expected: "a JSON value") }
            return literal
        default:
            let start = position
            _ = consume(UInt8(ascii: "-"))
            let digitsStart = position
            while let d = peek(), d >= 0x30 && d <= 0x39 { position += 1 }
            guard position > digitsStart, position == digitsStart + 1 || bytes[digitsStart] != 0x30 else {
                throw error(expected: "a JSON value", at: start)
            }
            if consume(UInt8(ascii: ".")) {
                let fractionStart = position
                while let d = peek(), d >= 0x30 && d <= 0x39 { position += 1 }
                guard position > fractionStart else { throw error(expected: "digits after '.'") }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                throw error(expected: "a number without an exponent (write big numbers as strings)")
            }
            return .number(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }
}
