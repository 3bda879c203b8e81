public import EthPrimitives

/// One member of an EIP-712 struct type: its name and its Solidity type (`uint256`, `Person[]`, `bytes32`, …).
public struct TypedDataMember: Sendable, Hashable, Codable {
    /// The member's name.
    public var name: String
    /// The member's type, as written in `encodeType`.
    public var type: String

    /// A member named `name` of type `type`.
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// A checked set of EIP-712 struct definitions, with every type's `encodeType` and type hash computed once.
///
/// Build it once and reuse it: hashing a struct then costs one Keccak-256 per struct value plus the member
/// encodings.
public struct TypedDataTypes: Sendable {
    /// The struct definitions, by type name.
    public let definitions: [String: [TypedDataMember]]
    /// Each type's parsed members, `encodeType` and type hash, found with one lookup.
    let compiled: [String: Compiled]

    struct ParsedMember: Sendable {
        var name: String
        var type: FieldType
    }

    struct Compiled: Sendable {
        var members: [ParsedMember]
        var encodedType: String
        var typeHash: Hash
    }

    /// Checks `definitions` (every member type must be a Solidity atomic or dynamic type, a defined struct, or an
    /// array of those) and computes each type's encoding.
    ///
    /// - Throws: ``SigningError/unknownType(_:path:)`` or ``SigningError/invalidTypeDefinition(_:reason:)``.
    public init(_ definitions: [String: [TypedDataMember]]) throws(SigningError) {
        self.definitions = definitions
        var parsed: [String: [ParsedMember]] = [:]
        for (name, members) in definitions {
            guard isIdentifier(name) else { throw .invalidTypeDefinition(name, reason: "a type name is an identifier") }
            guard FieldType.atomic(name) == nil, name != "bytes", name != "string" else {
                throw .invalidTypeDefinition(name, reason: "a struct cannot take the name of a Solidity type")
            }
            var seen = Set<String>()
            var list: [ParsedMember] = []
            for member in members {
                guard isIdentifier(member.name) else {
                    throw .invalidTypeDefinition(
                        name, reason: "member name \(String(reflecting: member.name)) is not an identifier")
                }
                guard seen.insert(member.name).inserted else {
                    throw .invalidTypeDefinition(name, reason: "member \(member.name) appears twice")
                }
                let type = try FieldType.parse(member.type, structs: definitions, path: "\(name).\(member.name)")
                list.append(ParsedMember(name: member.name, type: type))
            }
            parsed[name] = list
        }
        var compiled: [String: Compiled] = [:]
        for (name, members) in parsed {
            let text = Self.encodeType(name, definitions: definitions, parsed: parsed)
            compiled[name] = Compiled(members: members, encodedType: text, typeHash: Keccak256.hash(text))
        }
        self.compiled = compiled
    }

    private static func encodeType(
        _ primary: String, definitions: [String: [TypedDataMember]], parsed: [String: [ParsedMember]]
    ) -> String {
        var dependencies = Set<String>()
        var stack = [primary]
        while let name = stack.popLast() {
            for member in parsed[name]! {
                if let referenced = member.type.structName, referenced != primary,
                    dependencies.insert(referenced).inserted
                {
                    stack.append(referenced)
                }
            }
        }
        var text = ""
        for name in [primary] + dependencies.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            text += name + "("
            text += definitions[name]!.map { "\($0.type) \($0.name)" }.joined(separator: ",")
            text += ")"
        }
        return text
    }

    /// `encodeType` of `name`: the type followed by every struct it references, those sorted by name.
    ///
    /// - Throws: ``SigningError/unknownType(_:path:)`` when `name` is not defined.
    public func encodeType(_ name: String) throws(SigningError) -> String {
        guard let type = compiled[name] else { throw .unknownType(name, path: "primaryType") }
        return type.encodedType
    }

    /// `typeHash` of `name`: the Keccak-256 of its `encodeType`.
    ///
    /// - Throws: ``SigningError/unknownType(_:path:)`` when `name` is not defined.
    public func typeHash(_ name: String) throws(SigningError) -> Hash {
        guard let type = compiled[name] else { throw .unknownType(name, path: "primaryType") }
        return type.typeHash
    }

    /// `encodeData` of a struct value: its type hash, then one 32-byte word per member.
    ///
    /// - Throws: a ``SigningError`` naming the member (as a path) whose value is missing or does not fit its type.
    public func encodeData(_ name: String, _ value: [String: TypedDataValue]) throws(SigningError) -> [UInt8] {
        var sink = ByteSink()
        try appendEncodedData(name, value, path: name, to: &sink)
        return sink.bytes
    }

    /// `hashStruct` of a struct value: the Keccak-256 of its ``encodeData(_:_:)``.
    public func hashStruct(_ name: String, _ value: [String: TypedDataValue]) throws(SigningError) -> Hash {
        try hashStruct(name, value, path: name)
    }

    /// `hashStruct`, naming members in errors from `path` (`message`, `domain`).
    func hashStruct(_ name: String, _ value: [String: TypedDataValue], path: String) throws(SigningError) -> Hash {
        var hasher = Keccak256()
        try appendEncodedData(name, value, path: path, to: &hasher)
        return hasher.finalize()
    }

    /// `hashStruct` of a value whose members are given in declaration order (the fast path of ``EIP712Struct``).
    func hashStruct(_ name: String, orderedValues: [TypedDataValue]) throws(SigningError) -> Hash {
        guard let type = compiled[name] else { throw .unknownType(name, path: name) }
        return try hashStruct(type, name: name, orderedValues: orderedValues)
    }

    /// ``hashStruct(_:orderedValues:)`` for a type already looked up.
    func hashStruct(_ type: Compiled, name: String, orderedValues: [TypedDataValue]) throws(SigningError) -> Hash {
        guard type.members.count == orderedValues.count else {
            throw .invalidTypeDefinition(
                name, reason: "\(orderedValues.count) values for \(type.members.count) members")
        }
        var hasher = Keccak256()
        hasher.append(type.typeHash)
        for i in 0..<orderedValues.count {
            let member = type.members[i]
            try appendEncodedField(member.type, orderedValues[i], path: name + "." + member.name, to: &hasher)
        }
        return hasher.finalize()
    }

    private func appendEncodedData(
        _ name: String, _ value: [String: TypedDataValue], path: @autoclosure () -> String,
        to sink: inout some EncodedDataSink
    ) throws(SigningError) {
        guard let type = compiled[name] else { throw .unknownType(name, path: path()) }
        sink.append(type.typeHash)
        for member in type.members {
            guard let memberValue = value[member.name] else {
                if case .structure = member.type {
                    sink.appendZeros(32)
                    continue
                }
                throw .missingField(path: path() + "." + member.name)
            }
            try appendEncodedField(member.type, memberValue, path: path() + "." + member.name, to: &sink)
        }
    }

    /// Appends the 32-byte encoding of one member value. `path` is only evaluated to describe an error.
    private func appendEncodedField(
        _ type: FieldType, _ value: TypedDataValue, path: @autoclosure () -> String,
        to sink: inout some EncodedDataSink
    ) throws(SigningError) {
        switch (type, value) {
        case (.uint(let bits), .uint(let v)):
            guard v.leadingZeroBitCount >= 256 - bits else {
                throw .integerOutOfRange(path: path(), type: "uint\(bits)")
            }
            sink.appendWord(v)
        case (.uint(let bits), .int(let v)):
            guard v >= 0, v.leadingZeroBitCount >= 256 - bits else {
                throw .integerOutOfRange(path: path(), type: "uint\(bits)")
            }
            sink.appendWord(UInt256(bitPattern: v))
        case (.int(let bits), .int(let v)):
            let high = v >> (bits - 1)
            guard high == 0 || high == -1 else { throw .integerOutOfRange(path: path(), type: "int\(bits)") }
            sink.appendWord(UInt256(bitPattern: v))
        case (.int(let bits), .uint(let v)):
            guard v.leadingZeroBitCount >= 257 - bits else {
                throw .integerOutOfRange(path: path(), type: "int\(bits)")
            }
            sink.appendWord(v)
        case (.address, .address(let address)):
            sink.appendZeros(12)
            address.withUnsafeBytes { sink.append($0) }
        case (.bool, .bool(let b)):
            sink.appendZeros(31)
            sink.append(b ? 1 : 0)
        case (.fixedBytes(let n), .bytes(let bytes)):
            guard bytes.count == n else {
                throw .invalidBytes(path: path(), expected: "exactly \(n) bytes (bytes\(n))")
            }
            bytes.withUnsafeBytes { sink.append($0) }
            sink.appendZeros(32 - n)
        case (.string, .string(let text)):
            sink.append(Keccak256.hash(text))
        case (.bytes, .bytes(let bytes)):
            sink.append(Keccak256.hash(bytes))
        case (.structure(let name), .structure(let members)):
            guard let members else {
                sink.appendZeros(32)
                return
            }
            var inner = Keccak256()
            try appendEncodedData(name, members, path: path(), to: &inner)
            sink.append(inner.finalize())
        case (.array(let element, let length), .array(let items)):
            if let length, items.count != length {
                throw .arrayLengthMismatch(path: path(), expected: length, actual: items.count)
            }
            var inner = Keccak256()
            for (i, item) in items.enumerated() {
                try appendEncodedField(element, item, path: "\(path())[\(i)]", to: &inner)
            }
            sink.append(inner.finalize())
        default:
            throw .typeMismatch(path: path(), expected: type.expectation)
        }
    }
}

private func isIdentifier(_ s: String) -> Bool {
    guard let first = s.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
    return s.utf8.allSatisfy { c in
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$")
    }
}

/// A member type, parsed.
indirect enum FieldType: Sendable, Equatable {
    case uint(Int)
    case int(Int)
    case fixedBytes(Int)
    case address
    case bool
    case bytes
    case string
    case structure(String)
    case array(FieldType, length: Int?)

    /// The struct this type refers to, through any arrays.
    var structName: String? {
        switch self {
        case .structure(let name): name
        case .array(let element, _): element.structName
        default: nil
        }
    }

    var expectation: String {
        switch self {
        case .uint(let n): "an unsigned integer (uint\(n))"
        case .int(let n): "an integer (int\(n))"
        case .fixedBytes(let n): "bytes\(n)"
        case .address: "an address"
        case .bool: "a bool"
        case .bytes: "bytes"
        case .string: "a string"
        case .structure(let name): "a \(name) struct"
        case .array: "an array"
        }
    }

    /// The atomic type named `name` (`uint8`…`uint256`, `int8`…`int256`, `bytes1`…`bytes32`, `address`, `bool`).
    static func atomic(_ name: String) -> FieldType? {
        switch name {
        case "address": return .address
        case "bool": return .bool
        default: break
        }
        for (prefix, make) in [("uint", FieldType.uint), ("int", FieldType.int)] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            guard let n = Int(digits), String(n) == digits, n >= 8, n <= 256, n % 8 == 0 else { return nil }
            return make(n)
        }
        if name.hasPrefix("bytes") {
            let digits = name.dropFirst(5)
            guard let n = Int(digits), String(n) == digits, n >= 1, n <= 32 else { return nil }
            return .fixedBytes(n)
        }
        return nil
    }

    static func parse(
        _ text: String, structs: [String: [TypedDataMember]], path: String
    ) throws(SigningError) -> FieldType {
        if text.hasSuffix("]") {
            guard let open = text.lastIndex(of: "[") else { throw .unknownType(text, path: path) }
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
            var length: Int?
            if !inside.isEmpty {
                guard let n = Int(inside), String(n) == inside, n > 0 else { throw .unknownType(text, path: path) }
                length = n
            }
            let element = try parse(String(text[..<open]), structs: structs, path: path)
            return .array(element, length: length)
        }
        if let atomic = atomic(text) { return atomic }
        switch text {
        case "bytes": return .bytes
        case "string": return .string
        default:
            guard structs[text] != nil else { throw .unknownType(text, path: path) }
            return .structure(text)
        }
    }
}
