/// A JSON value as the command line reads it (RFC 8259): numbers keep their literal text, so a 256-bit integer
/// written as a JSON number loses no digits, and objects keep their keys in order (a repeated key is an error).
enum JSONText: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written (`12`, `-3`, `1e21`, `2.5`).
    case number(String)
    case string(String)
    case array([JSONText])
    case object([(key: String, value: JSONText)])

    static func == (a: JSONText, b: JSONText) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    /// What kind of value this is, for messages ("a string", "an array").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses one JSON text; only whitespace may follow the value.
    ///
    /// - Parameter what: what the text is, for messages (`"transaction JSON"`).
    /// - Throws: ``UsageError`` naming the problem and its byte offset in the text.
    static func parse(_ text: String, what: String) throws(UsageError) -> JSONText {
        var parser = Parser(bytes: Array(text.utf8), what: what)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let what: String
        var index = 0

        init(bytes: [UInt8], what: String) {
            self.bytes = bytes
            self.what = what
        }

        func fail(_ reason: String, at offset: Int? = nil) -> UsageError {
            UsageError("\(what): \(reason) at offset \(offset ?? index)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func peek(_ ascii: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: ascii)
        }

        mutating func value(depth: Int) throws(UsageError) -> JSONText {
            guard depth < 64 else { throw fail("nesting deeper than 64 levels") }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: JSONText)] = []
                skipWhitespace()
                if peek("}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard peek("\"") else { throw fail("expected a string key") }
                    let keyOffset = index
                    let key = try string()
                    guard !members.contains(where: { $0.key == key }) else {
                        throw fail("duplicate key \(String(reflecting: key))", at: keyOffset)
                    }
                    skipWhitespace()
                    guard peek(":") else { throw fail("expected ':'") }
                    index += 1
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    if peek(",") {
                        index += 1
                    } else if peek("}") {
                        index += 1
                        return .object(members)
                    } else {
                        throw fail("expected ',' or '}'")
                    }
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONText] = []
                skipWhitespace()
                if peek("]") {
                    index += 1
                    return .array(elements)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    skipWhitespace()
                    if peek(",") {
                        index += 1
                    } else if peek("]") {
                        index += 1
                        return .array(elements)
                    } else {
                        throw fail("expected ',' or ']'")
                    }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try number())
            default:
                throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: String) throws(UsageError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
            else { throw fail("invalid literal") }
            index += expected.count
        }

        mutating func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }

        mutating func number() throws(UsageError) -> String {
            let start = index
            if peek("-") { index += 1 }
            let integerStart = index
            let integerDigits = digits()
            guard integerDigits > 0 else { throw fail("a number needs digits") }
            guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
                throw fail("leading zero in a number", at: integerStart)
            }
            if peek(".") {
                index += 1
                guard digits() > 0 else { throw fail("a fraction needs digits") }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if peek("+") || peek("-") { index += 1 }
                guard digits() > 0 else { throw fail("an exponent needs digits") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// A string literal, escapes resolved; `index` is on the opening quote.
        mutating func string() throws(UsageError) -> String {
            let start = index
            index += 1
            var scalars = String.UnicodeScalarView()
            var run = index  // start of the current run of plain bytes
            func flush(_ parser: inout Parser, upTo end: Int) {
                scalars.append(contentsOf: String(decoding: parser.bytes[run..<end], as: UTF8.self).unicodeScalars)
            }
            while true {
                guard index < bytes.count else { throw fail("unterminated string", at: start) }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    flush(&self, upTo: index)
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush(&self, upTo: index)
                    index += 1
                    guard index < bytes.count else { throw fail("unterminated string", at: start) }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                    default: throw fail("invalid escape", at: index - 2)
                    }
                    run = index
                case 0x00..<0x20:
                    throw fail("control character in a string")
                default:
                    index += 1
                }
            }
        }

        /// The scalar of `\uXXXX` (a surrogate pair takes two escapes); `index` is after the `u`.
        mutating func unicodeEscape() throws(UsageError) -> Unicode.Scalar {
            let escapeStart = index - 2
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard peek("\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate escape", at: escapeStart)
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate escape", at: escapeStart) }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw fail("unpaired surrogate escape", at: escapeStart) }
            return scalar
        }

        mutating func hex4() throws(UsageError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = hexDigit(bytes[index]) else {
                    throw fail("expected four hex digits after \\u")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        func hexDigit(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}

extension JSONText {
    /// The compact text of the value (no spaces), strings escaped as JSON requires.
    var compactText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONText.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                JSONText.writeString(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
