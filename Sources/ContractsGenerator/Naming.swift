/// How ABI names become Swift names: `stopSessionAt` → `StopSessionAt` for types, `_sessionId` → `sessionId` for
/// properties, Swift keywords in backticks, and collisions resolved with a suffix.
enum Naming {
    /// Words Swift reserves, which need backticks to be used as names.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol",
        "public", "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
        "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super",
        "throws", "true", "try", "some", "any", "Type", "Protocol", "package", "nonisolated", "isolated", "each",
    ]

    /// Type names generated code uses without qualification, which a generated type must not shadow.
    static let reservedTypeNames: Set<String> = [
        "ABI", "ABIBytes", "ABICodable", "ABIDecoder", "ABIEncoder", "ABIError", "ABIReader", "ABITuple", "ABIType",
        "ABIValue", "ABIWriter", "Address", "Any", "Array", "Bool", "Constructor", "ContractCodec",
        "ContractConstructor", "ContractCustomError", "ContractEvent", "ContractFunction", "ContractRevert",
        "Contracts", "ContractsError", "Deployments", "Error", "EthPrimitives", "Event", "ExternalFunction",
        "Function", "Hash", "Hashable", "Int", "Int8", "Int16", "Int32", "Int64", "Int256", "Never", "Optional",
        "Output", "Protocol", "Self", "Selector", "Sendable", "String", "Swift", "Type", "UInt8", "UInt16",
        "UInt32", "UInt64", "UInt256", "Void",
    ]

    /// The words of an ABI name: split at underscores and at anything that is not an ASCII letter or digit
    /// (Solidity allows `$`), leading and trailing separators dropped.
    static func words(_ name: String) -> [Substring] {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return cleaned.split(separator: "_", omittingEmptySubsequences: true)
    }

    /// `UpperCamelCase`: `stopSessionAt` → `StopSessionAt`, `get_session` → `GetSession`, `_owner` → `Owner`;
    /// empty when the name has no letters or digits.
    static func upperCamel(_ name: String) -> String {
        words(name).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `lowerCamelCase`: `_sessionId` → `sessionId`, `escrow_` → `escrow`, `rate_per_second` → `ratePerSecond`,
    /// `URI` → `uri`, `URIPrefix` → `uriPrefix`, `ERC20Token` → `erc20Token`; empty when the name has no letters
    /// or digits. A result starting with a digit gets a `_` in front.
    static func lowerCamel(_ name: String) -> String {
        let upper = upperCamel(name)
        guard !upper.isEmpty else { return "" }
        let characters = Array(upper)
        // The leading capitals, except one that starts a lowercase word after them (`URIPrefix`: `URI`).
        var end = 0
        while end < characters.count, characters[end].isUppercase { end += 1 }
        if end > 1, end < characters.count, characters[end].isLowercase { end -= 1 }
        let result = String(characters[..<max(end, 1)]).lowercased() + String(characters[max(end, 1)...])
        return result.first!.isNumber ? "_" + result : result
    }

    /// A name as Swift source writes it: in backticks when it is a keyword.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// A name as an argument label at a call site, where only `inout`, `var` and `let` need backticks.
    static func label(_ name: String) -> String {
        ["inout", "var", "let"].contains(name) ? "`\(name)`" : name
    }

    /// A Swift string literal of `text` (for signatures and field names in messages).
    static func stringLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    literal += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }
}

/// Names given out in one scope (a contract's namespace, a struct's members), each unique.
struct NameScope {
    private(set) var taken: Set<String>

    /// A scope in which `reserved` names are already taken.
    init(reserved: Set<String> = []) {
        taken = reserved
    }

    /// `name` itself when free, else `name` followed by `suffix`, else by 2, 3, …; marks the result taken.
    mutating func claim(_ name: String, suffix: String) -> String {
        var candidate = name
        if taken.contains(candidate) { candidate = name + suffix }
        var number = 2
        let base = candidate
        while taken.contains(candidate) {
            candidate = base + String(number)
            number += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
