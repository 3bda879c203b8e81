import ArgumentParser
import EthPrimitives
import RLP

/// `metered to-rlp <json>`: the RLP of a JSON value made of hex-bytes strings and nested arrays.
struct ToRLP: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "to-rlp",
        abstract: "RLP-encode a JSON value made of hex-bytes strings and nested arrays.",
        discussion: """
            The value is a JSON string holding hex bytes ("0x" followed by an even number of hex digits, either \
            case; "0x" is the empty string) or a JSON array of such values, nested to any depth up to \
            \(RLPDecoder.defaultMaxDepth). Prints the encoding as lowercase 0x hex.

            Examples:
              metered to-rlp '"0x646f67"'                 # 0x83646f67
              metered to-rlp '["0x636174", ["0x"], []]'   # 0xc783636174c180c0
            """
    )

    @Argument(help: "The JSON value, for example '[\"0x01\", [\"0x\"]]'.")
    var json: String

    func result() throws -> String {
        var parser = RLPJSONParser(json)
        let item = try parser.parseDocument()
        return Hex.encode(RLPEncoder.encode(item))
    }
}

/// Reads the JSON that `to-rlp` takes: strings of hex bytes and arrays of them, with JSON's whitespace and string
/// escapes, into an ``RLPItem``. Errors name the problem and its character offset in the text.
struct RLPJSONParser {
    private let text: [Unicode.Scalar]
    private var index = 0

    init(_ json: String) {
        text = Array(json.unicodeScalars)
    }

    /// The whole text as one item, nothing after it but whitespace.
    mutating func parseDocument() throws(UsageError) -> RLPItem {
        let item = try parseValue(depth: 0)
        skipWhitespace()
        guard index == text.count else { throw fail("unexpected \(describeCurrent()) after the value") }
        return item
    }

    private func fail(_ message: String, at offset: Int? = nil) -> UsageError {
        UsageError("to-rlp: \(message) at offset \(offset ?? index)")
    }

    private func describeCurrent() -> String {
        guard index < text.count else { return "end of input" }
        return "character \(String(reflecting: String(Character(text[index]))))"
    }

    private mutating func skipWhitespace() {
        while index < text.count, [" ", "\t", "\n", "\r"].contains(text[index]) { index += 1 }
    }

    private mutating func parseValue(depth: Int) throws(UsageError) -> RLPItem {
        skipWhitespace()
        guard index < text.count else { throw fail("expected a hex string or an array but found the end of input") }
        switch text[index] {
        case "\"":
            let start = index
            let string = try parseString()
            guard let bytes = try? Hex.decode(string, requirePrefix: true) else {
                throw fail(
                    "\(String(reflecting: string)) is not hex bytes (0x followed by an even number of hex digits)",
                    at: start)
            }
            return RLPItem(bytes)
        case "[":
            guard depth < RLPDecoder.defaultMaxDepth else {
                throw fail("arrays nest deeper than \(RLPDecoder.defaultMaxDepth)")
            }
            index += 1
            var items: [RLPItem] = []
            skipWhitespace()
            if index < text.count, text[index] == "]" {
                index += 1
                return .list(items)
            }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < text.count else { throw fail("unterminated array: expected ',' or ']'") }
                if text[index] == "," {
                    index += 1
                } else if text[index] == "]" {
                    index += 1
                    return .list(items)
                } else {
                    throw fail("expected ',' or ']' but found \(describeCurrent())")
                }
            }
        default:
            throw fail("expected a hex string or an array but found \(describeCurrent())")
        }
    }

    /// A JSON string literal, escapes resolved; `index` is on the opening quote.
    private mutating func parseString() throws(UsageError) -> String {
        let start = index
        index += 1
        var result = String.UnicodeScalarView()
        while true {
            guard index < text.count else { throw fail("unterminated string", at: start) }
            let scalar = text[index]
            index += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                guard index < text.count else { throw fail("unterminated string", at: start) }
                let escape = text[index]
                index += 1
                switch escape {
                case "\"", "\\", "/": result.append(escape)
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u": result.append(try parseUnicodeEscape())
                default: throw fail("invalid escape \\\(escape)", at: index - 2)
                }
            case "\u{00}"..."\u{1F}":
                throw fail("control character in a string", at: index - 1)
            default:
                result.append(scalar)
            }
        }
    }

    /// The scalar of `\uXXXX` (a surrogate pair takes two escapes); `index` is after the `u`.
    private mutating func parseUnicodeEscape() throws(UsageError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            guard index + 1 < text.count, text[index] == "\\", text[index + 1] == "u" else {
                throw fail("unpaired surrogate escape", at: escapeStart)
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate escape", at: escapeStart) }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw fail("unpaired surrogate escape", at: escapeStart) }
        return scalar
    }

    private mutating func parseHex4() throws(UsageError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < text.count, text[index].isASCII,
                let digit = Hex.digitValue(UInt8(text[index].value))
            else { throw fail("expected four hex digits after \\u") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
