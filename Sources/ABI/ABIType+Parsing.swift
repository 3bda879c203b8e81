extension ABIType {
    /// Parses a type name: canonical (`uint256`, `(address,bytes)[2][]`) or with the aliases `uint`, `int`
    /// (256 bits), `byte` (`bytes1`), `fixed`/`ufixed` (`…128x18`) and `tuple(…)`. Spaces around commas and
    /// component names inside tuples (`(uint256 amount, address to)`) are allowed.
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` or ``ABIError/unknownType(_:offset:)`` with the
    ///   character offset of the problem; ``ABIError/zeroSizedType(_:)`` for `T[0]` and `()`;
    ///   ``ABIError/nestingTooDeep(limit:)``.
    public init(parsing text: some StringProtocol) throws(ABIError) {
        var scanner = TextScanner(String(text))
        scanner.skipSpaces()
        let parameter = try scanner.parameter(depth: 0, allowName: false, allowIndexed: false)
        scanner.skipSpaces()
        try scanner.expectEnd()
        self = parameter.type
    }
}

/// A cursor over the UTF-8 of some text, with the helpers the type, signature and value parsers share. Errors
/// report character offsets, computed only when an error is thrown.
struct TextScanner {
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { position >= bytes.count }

    func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    mutating func skipSpaces() {
        while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d { position += 1 }
    }

    /// Consumes `c` if it is next.
    mutating func consume(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        position += 1
        return true
    }

    mutating func expect(_ c: UInt8) throws(ABIError) {
        guard consume(c) else { throw error(expected: "'\(Character(Unicode.Scalar(c)))'") }
    }

    func expectEnd() throws(ABIError) {
        guard isAtEnd else { throw error(expected: "the end") }
    }

    /// The character offset of a UTF-8 position.
    func characterOffset(_ byteOffset: Int) -> Int {
        String(decoding: bytes[0..<min(byteOffset, bytes.count)], as: UTF8.self).count
    }

    func error(expected: String, at byteOffset: Int? = nil) -> ABIError {
        .invalidSyntax(text: text, offset: characterOffset(byteOffset ?? position), expected: expected)
    }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c == 0x5f || c == 0x24
    }

    static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= 0x30 && c <= 0x39)
    }

    /// An identifier (`[A-Za-z_$][A-Za-z0-9_$]*`) if one starts here.
    mutating func identifier() -> String? {
        guard let c = peek(), Self.isIdentifierStart(c) else { return nil }
        let start = position
        while let c = peek(), Self.isIdentifierPart(c) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The identifier starting here, without consuming it.
    func peekIdentifier() -> String? {
        var copy = self
        return copy.identifier()
    }

    /// A parameter: a type, then (when allowed) `indexed`, a data location and a name.
    ///
    /// - Parameters:
    ///   - depth: how many tuples and arrays enclose it, to refuse types deeper than ``ABIType/maximumDepth``.
    ///   - allowName: accept a name after the type (tuple components always may have one).
    ///   - allowIndexed: accept the `indexed` keyword (event parameters).
    mutating func parameter(depth: Int, allowName: Bool, allowIndexed: Bool) throws(ABIError) -> ABIParameter {
        if depth > ABIType.maximumDepth { throw .nestingTooDeep(limit: ABIType.maximumDepth) }
        let start = position
        var type: ABIType
        var components: [ABIParameter] = []
        if peek() == UInt8(ascii: "(") || peekIdentifier() == "tuple" {
            if peek() != UInt8(ascii: "(") {
                _ = identifier()
                skipSpaces()
            }
            components = try componentList(depth: depth + 1)
            if components.isEmpty { throw .zeroSizedType("()") }
            type = .tuple(components.map(\.type))
        } else {
            guard let name = identifier() else { throw error(expected: "a type") }
            guard let elementary = Self.elementaryType(name) else {
                throw .unknownType(name, offset: characterOffset(start))
            }
            type = elementary
        }
        var levels = 0
        while peek() == UInt8(ascii: "[") {
            position += 1
            levels += 1
            if depth + levels > ABIType.maximumDepth { throw .nestingTooDeep(limit: ABIType.maximumDepth) }
            if consume(UInt8(ascii: "]")) {
                type = .array(type)
                continue
            }
            let digitsStart = position
            while let c = peek(), c >= 0x30 && c <= 0x39 { position += 1 }
            let digits = bytes[digitsStart..<position]
            guard !digits.isEmpty, digits.count <= 9, digits.count == 1 || digits.first != 0x30,
                let count = Int(String(decoding: digits, as: UTF8.self))
            else { throw error(expected: "an array length (a number without leading zeros) or ']'", at: digitsStart) }
            try expect(UInt8(ascii: "]"))
            if count == 0 {
                throw .zeroSizedType(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            type = .fixedArray(type, count)
        }
        try type.checkSize()
        var parameter = ABIParameter(name: "", type: type, components: components)
        // Modifiers and the name, separated from the type by spaces.
        while true {
            let save = position
            skipSpaces()
            guard position > save, let word = peekIdentifier() else {
                position = save
                break
            }
            if allowIndexed, word == "indexed", !parameter.indexed {
                _ = identifier()
                parameter.indexed = true
            } else if ["memory", "calldata", "storage"].contains(word) {
                _ = identifier()
            } else if word == "payable", type == .address {
                _ = identifier()
            } else if parameter.name.isEmpty, allowName || depth > 0, word != "indexed" {
                parameter.name = identifier()!
            } else {
                position = save
                break
            }
        }
        return parameter
    }

    /// `( parameter, … )` with optional spaces; tuple components may be named, event parameters `indexed`.
    mutating func componentList(depth: Int, allowIndexed: Bool = false) throws(ABIError) -> [ABIParameter] {
        try expect(UInt8(ascii: "("))
        skipSpaces()
        var list: [ABIParameter] = []
        if consume(UInt8(ascii: ")")) { return list }
        while true {
            list.append(try parameter(depth: depth, allowName: true, allowIndexed: allowIndexed))
            skipSpaces()
            if consume(UInt8(ascii: ")")) { return list }
            guard consume(UInt8(ascii: ",")) else { throw error(expected: "',' or ')'") }
            skipSpaces()
        }
    }

    /// The type an elementary name stands for (`uint` → `uint256`), or nil.
    static func elementaryType(_ name: String) -> ABIType? {
        switch name {
        case "address": return .address
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        case "byte": return .fixedBytes(1)
        case "function": return .function
        case "uint": return .uint(256)
        case "int": return .int(256)
        case "fixed": return .fixed(bits: 128, decimals: 18)
        case "ufixed": return .ufixed(bits: 128, decimals: 18)
        default: break
        }
        if let bits = suffixNumber(name, after: "uint"), ABIType.isValidIntegerWidth(bits) { return .uint(bits) }
        if let bits = suffixNumber(name, after: "int"), ABIType.isValidIntegerWidth(bits) { return .int(bits) }
        if let size = suffixNumber(name, after: "bytes"), (1...32).contains(size) { return .fixedBytes(size) }
        for (prefix, signed) in [("ufixed", false), ("fixed", true)] where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let bits = canonicalNumber(parts[0]), let decimals = canonicalNumber(parts[1]),
                ABIType.isValidIntegerWidth(bits), (1...80).contains(decimals)
            else { return nil }
            return signed ? .fixed(bits: bits, decimals: decimals) : .ufixed(bits: bits, decimals: decimals)
        }
        return nil
    }

    private static func suffixNumber(_ name: String, after prefix: String) -> Int? {
        guard name.hasPrefix(prefix) else { return nil }
        return canonicalNumber(name.dropFirst(prefix.count))
    }

    /// A decimal number of at most 3 digits without leading zeros.
    private static func canonicalNumber(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.count <= 3, digits.count == 1 || digits.first != "0",
            digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Int(digits)
    }
}

extension ABIType {
    /// The largest encoding a static type may have (its head): 4 GiB, far beyond any real input.
    static let maximumStaticSize = 1 << 32

    /// Refuses types whose static size overflows ``maximumStaticSize`` (`uint256[4000000000][4000000000]`).
    func checkSize() throws(ABIError) {
        guard staticSizeIfBounded() != nil else { throw .typeTooLarge(description) }
    }

    /// The head size, or nil if computing it passes ``maximumStaticSize``.
    private func staticSizeIfBounded() -> Int? {
        switch self {
        case .fixedArray(let element, let count):
            if element.isDynamic { return element.staticSizeIfBounded() == nil ? nil : 32 }
            guard let size = element.staticSizeIfBounded() else { return nil }
            let (total, overflow) = size.multipliedReportingOverflow(by: count)
            return overflow || total > Self.maximumStaticSize ? nil : total
        case .tuple(let components):
            var total = 0
            for component in components {
                guard let size = component.staticSizeIfBounded() else { return nil }
                total += component.isDynamic ? 32 : size
                if total > Self.maximumStaticSize { return nil }
            }
            return isDynamic ? 32 : total
        case .array(let element):
            return element.staticSizeIfBounded() == nil ? nil : 32
        default:
            return 32
        }
    }
}
