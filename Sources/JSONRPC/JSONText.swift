import Foundation

/// Reads and writes JSON text as ``JSONValue`` directly, without Foundation's `JSONDecoder`/`JSONEncoder`.
///
/// Going through Foundation cost a JSON-RPC server dearly: `JSONValue.init(from:)` cannot ask a decoder what kind
/// of value is next, so it tried an array, an object, a boolean, a string… in turn, and every failed try allocated
/// a `DecodingError` with its context; every request, response and batch element paid it for each member. This
/// reader looks at the next byte instead, and the writer appends to one buffer.
enum JSONText {
    /// The deepest nesting of arrays and objects accepted, as Foundation's decoder (512): deeper input is refused
    /// rather than exhausting the stack.
    static let maximumDepth = 512

    /// Parses one JSON text (RFC 8259), optionally preceded by a UTF-8 byte order mark. As Foundation's decoder,
    /// which JSON-RPC bodies went through before, it lets one comma after an array's or object's last element
    /// through (`[1,]`); an empty member (`[1,,]`, `[,]`) is refused.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the byte offset where the text stops being JSON.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var reader = Reader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.failure("unexpected text after the JSON value") }
        return value
    }

    /// Appends `value` as compact JSON (UTF-8) to `out`, with `/` not escaped: the bytes `JSONCoding.encoder`
    /// writes for it.
    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .number(let number):
            // Doubles are rare in Ethereum JSON; let Foundation spell them as it always has (non-finite values,
            // which parsing never produces, become null as `jsonBytes` documents).
            let encoded = try? JSONCoding.encoder.encode(number)
            out.append(contentsOf: encoded.map { [UInt8]($0) } ?? Array("null".utf8))
        case .string(let string): writeString(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal, escaped as Foundation escapes it: `"` and `\`, the short forms of backspace, form
    /// feed, newline, return and tab, `\u00xx` for the other control characters, everything else as UTF-8.
    static func writeString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A cursor over the text being parsed.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ reason: String) -> DecodingError {
            DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "jsonrpc: not JSON at offset \(offset): \(reason)"))
        }

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard offset < bytes.count else { throw failure("unexpected end of text") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            let matches = word.withUTF8Buffer { expected in
                offset + count <= bytes.count && bytes[offset..<offset + count].elementsEqual(expected)
            }
            guard matches else { throw failure("unexpected character") }
            offset += count
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSONText.maximumDepth else { throw failure("nested too deeply") }
            offset += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard offset < bytes.count else { throw failure("unexpected end of text in an array") }
                let byte = bytes[offset]
                offset += 1
                if byte == UInt8(ascii: "]") { return .array(elements) }
                guard byte == UInt8(ascii: ",") else {
                    offset -= 1
                    throw failure("expected , or ] in an array")
                }
                // One comma after the last element is let through, as Foundation's decoder always did.
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return .array(elements)
                }
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSONText.maximumDepth else { throw failure("nested too deeply") }
            offset += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                    throw failure("expected a member name (a string) in an object")
                }
                let key = try string()
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                    throw failure("expected : after a member name")
                }
                offset += 1
                skipWhitespace()
                members[key] = try value(depth: depth)
                skipWhitespace()
                guard offset < bytes.count else { throw failure("unexpected end of text in an object") }
                let byte = bytes[offset]
                offset += 1
                if byte == UInt8(ascii: "}") { return .object(members) }
                guard byte == UInt8(ascii: ",") else {
                    offset -= 1
                    throw failure("expected , or } in an object")
                }
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    return .object(members)
                }
            }
        }

        /// A string literal starting at the opening quote; its text must be valid UTF-8.
        mutating func string() throws -> String {
            offset += 1
            let start = offset
            // The common case: no escapes, so the text is the bytes between the quotes.
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    guard let text = String(validating: bytes[start..<offset], as: UTF8.self) else {
                        throw failure("a string that is not valid UTF-8")
                    }
                    offset += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw failure("an unescaped control character in a string") }
                offset += 1
            }
            var text = Array(bytes[start..<offset])
            while offset < bytes.count {
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: "\""):
                    guard let string = String(validating: text, as: UTF8.self) else {
                        throw failure("a string that is not valid UTF-8")
                    }
                    offset += 1
                    return string
                case UInt8(ascii: "\\"):
                    try escape(into: &text)
                case 0x00..<0x20:
                    throw failure("an unescaped control character in a string")
                default:
                    text.append(byte)
                    offset += 1
                }
            }
            throw failure("unexpected end of text in a string")
        }

        /// One escape sequence, at its backslash, appended to `text` as UTF-8.
        mutating func escape(into text: inout [UInt8]) throws {
            guard offset + 1 < bytes.count else { throw failure("unexpected end of text in a string") }
            let letter = bytes[offset + 1]
            let simple: UInt8? =
                switch letter {
                case UInt8(ascii: "\""): UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                case UInt8(ascii: "/"): UInt8(ascii: "/")
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
            if let simple {
                text.append(simple)
                offset += 2
                return
            }
            guard letter == UInt8(ascii: "u") else { throw failure("an invalid escape in a string") }
            offset += 2
            var scalar = try hexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else { throw failure("an unpaired surrogate in a string") }
                offset += 2
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("an unpaired surrogate in a string") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("an unpaired surrogate in a string")
            }
            // Not a surrogate and at most 0x10FFFF: always a valid scalar.
            text.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        }

        /// Four hexadecimal digits after `\u`.
        mutating func hexQuad() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw failure("unexpected end of text in a \\u escape") }
            var value: UInt32 = 0
            for byte in bytes[offset..<offset + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("an invalid \\u escape in a string")
                }
                value = value << 4 | UInt32(digit)
            }
            offset += 4
            return value
        }

        /// A number: an `Int64` when it has no fraction or exponent and fits, a `Double` otherwise.
        mutating func number() throws -> JSONValue {
            let start = offset
            func digits() -> Int {
                let first = offset
                while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
                    offset += 1
                }
                return offset - first
            }
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let integerStart = offset
            let integerDigits = digits()
            guard integerDigits > 0 else { throw failure("a number without digits") }
            guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
                offset = integerStart
                throw failure("a number with a leading zero")
            }
            var integral = true
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                integral = false
                offset += 1
                guard digits() > 0 else { throw failure("a number without digits after its decimal point") }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
                integral = false
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                    offset += 1
                }
                guard digits() > 0 else { throw failure("a number without digits in its exponent") }
            }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            if integral, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text), double.isFinite else {
                offset = start
                throw failure("a number too large to represent")
            }
            return .number(double)
        }
    }
}
