import ABI

/// How one ABI type appears in generated Swift: the type a field holds, the type the ABI module's static path
/// encodes (they differ for `bytes`, `bytesN`, odd integer widths and fixed arrays), the conversions between them,
/// and the checks a field of that type needs because its Swift type can hold values the ABI type cannot.
indirect enum TypeShape {
    /// A Swift type that is its own codec: `UInt256`, `UInt8`…`Int64`, `Int256`, `Address`, `Bool`, `Hash`,
    /// `String`, `ExternalFunction`.
    case native(String)
    /// `bytes`: `[UInt8]`, encoded as `ABIBytes`.
    case bytes
    /// `bytesN` (N ≠ 32): `[UInt8]` of N bytes.
    case fixedBytes(Int)
    /// `uintN` of a width without a Swift type: `UInt256` below 2^N.
    case unsigned(Int)
    /// `intN` of a width without a Swift type: `Int256` in range.
    case signed(Int)
    /// `T[]`: `[T]`.
    case array(TypeShape)
    /// `T[k]`: `[T]` of k elements.
    case fixedArray(TypeShape, Int)
    /// A tuple: a generated struct.
    case tuple(StructModel)

    /// The Swift type fields of this ABI type have.
    var swiftType: String {
        switch self {
        case .native(let name): name
        case .bytes, .fixedBytes: "[UInt8]"
        case .unsigned: "UInt256"
        case .signed: "Int256"
        case .array(let element), .fixedArray(let element, _): "[\(element.swiftType)]"
        case .tuple(let model): model.path
        }
    }

    /// The type the ABI module encodes and decodes for it: the Swift type itself, `ABIBytes`, an array, or (for
    /// the types the runtime's generic codecs cover) a private alias of the contract's (``codecAlias``).
    var codecType: String {
        switch self {
        case .native(let name): name
        case .bytes: "ABIBytes"
        case .fixedBytes, .unsigned, .signed, .fixedArray: "_" + mangledName
        case .array(let element): "[\(element.codecType)]"
        case .tuple(let model): model.path
        }
    }

    /// For a shape encoded by one of the runtime's generic codecs: the alias's declaration, whose right side names
    /// the codec with its size marker (`ContractCodec.FixedArray<_Uint256Array2, _Size3>`).
    var codecAlias: (name: String, definition: String)? {
        switch self {
        case .fixedBytes(let count): (codecType, "ContractCodec.FixedBytes<\(Self.sizeMarker(count))>")
        case .unsigned(let bits): (codecType, "ContractCodec.Unsigned<\(Self.sizeMarker(bits))>")
        case .signed(let bits): (codecType, "ContractCodec.Signed<\(Self.sizeMarker(bits))>")
        case .fixedArray(let element, let count):
            (codecType, "ContractCodec.FixedArray<\(element.codecType), \(Self.sizeMarker(count))>")
        case .native, .bytes, .array, .tuple: nil
        }
    }

    /// Every codec alias this shape needs, its elements' first.
    var codecAliases: [(name: String, definition: String)] {
        switch self {
        case .native, .bytes, .tuple, .fixedBytes, .unsigned, .signed: codecAlias.map { [$0] } ?? []
        case .array(let element): element.codecAliases
        case .fixedArray(let element, _): element.codecAliases + [codecAlias!]
        }
    }

    /// A name for the shape, unique among the shapes of one contract: `Uint40`, `Bytes4Array2`,
    /// `TrickyPartArray3`.
    var mangledName: String {
        switch self {
        case .native(let name): name
        case .bytes: "Bytes"
        case .fixedBytes(let count): "Bytes\(count)"
        case .unsigned(let bits): "Uint\(bits)"
        case .signed(let bits): "Int\(bits)"
        case .array(let element): element.mangledName + "Array"
        case .fixedArray(let element, let count): element.mangledName + "Array\(count)"
        case .tuple(let model): model.path.replacingOccurrences(of: ".", with: "")
        }
    }

    /// The private marker type standing for the number `value`.
    static func sizeMarker(_ value: Int) -> String { "_Size\(value)" }

    /// The numbers this shape needs marker types for.
    var sizes: Set<Int> {
        switch self {
        case .native, .bytes, .tuple: []
        case .fixedBytes(let value), .unsigned(let value), .signed(let value): [value]
        case .array(let element): element.sizes
        case .fixedArray(let element, let count): element.sizes.union([count])
        }
    }

    /// True when the field type and the codec type are the same, so no conversion is written.
    var isCodec: Bool {
        switch self {
        case .native, .tuple: true
        case .bytes, .fixedBytes, .unsigned, .signed, .fixedArray: false
        case .array(let element): element.isCodec
        }
    }

    /// True when a field of this shape can hold a value its ABI type cannot, so its initializer checks it.
    var needsCheck: Bool {
        switch self {
        case .native, .bytes, .tuple: false
        case .fixedBytes, .unsigned, .signed, .fixedArray: true
        case .array(let element): element.needsCheck
        }
    }

    /// An expression converting the field value `expression` to the codec type (after its check passed).
    func toCodec(_ expression: String) -> String {
        switch self {
        case .native, .tuple: expression
        case .bytes: "ABIBytes(\(expression))"
        case .fixedBytes, .unsigned, .signed: "\(codecType)(\(expression))"
        case .array(let element):
            element.isCodec ? expression : "\(expression).map { \(element.toCodec("$0")) }"
        case .fixedArray(let element, _):
            element.isCodec
                ? "\(codecType)(\(expression))" : "\(codecType)(\(expression).map { \(element.toCodec("$0")) })"
        }
    }

    /// An expression converting the codec value `expression` to the field type.
    func fromCodec(_ expression: String) -> String {
        switch self {
        case .native, .tuple: expression
        case .bytes, .fixedBytes: "\(expression).bytes"
        case .unsigned, .signed: "\(expression).value"
        case .array(let element):
            element.isCodec ? expression : "\(expression).map { \(element.fromCodec("$0")) }"
        case .fixedArray(let element, _):
            element.isCodec ? "\(expression).elements" : "\(expression).elements.map { \(element.fromCodec("$0")) }"
        }
    }

    /// The checks of the field value `expression`, named in errors by the string expression `field`.
    func checks(_ expression: String, field: String, abiType: ABIType) -> [Check] {
        switch self {
        case .native, .bytes, .tuple:
            return []
        case .fixedBytes(let count):
            return [.call("ContractCodec.checkFixedBytes", [expression, "count: \(count)", "field: \(field)"])]
        case .unsigned(let bits):
            return [.call("ContractCodec.checkUnsigned", [expression, "bits: \(bits)", "field: \(field)"])]
        case .signed(let bits):
            return [.call("ContractCodec.checkSigned", [expression, "bits: \(bits)", "field: \(field)"])]
        case .array(let element):
            return eachCheck(element, expression, field: field, abiType: abiType)
        case .fixedArray(let element, let count):
            let type = Self.typeExpression(abiType)
            return [
                .call("ContractCodec.checkCount", [expression, "count: \(count)", "type: \(type)", "field: \(field)"])
            ]
                + eachCheck(element, expression, field: field, abiType: abiType)
        }
    }

    private func eachCheck(_ element: TypeShape, _ expression: String, field: String, abiType: ABIType) -> [Check] {
        guard element.needsCheck, let elementType = abiType.elementType else { return [] }
        return [.each(expression, field: field, element.checks("element", field: "field", abiType: elementType))]
    }

    /// One check of a field's value, as the initializer writes it.
    indirect enum Check {
        /// `try function(arguments…)`.
        case call(String, [String])
        /// `try ContractCodec.checkEach(expression, field: field) { (element, field) … in checks }`.
        case each(String, field: String, [Check])

        /// Writes the check.
        func write(_ writer: inout SwiftWriter) {
            switch self {
            case .call(let function, let arguments):
                writer.list("try \(function)(", arguments, ")")
            case .each(let expression, let field, let checks):
                writer.list(
                    "try ContractCodec.checkEach(", [expression, "field: \(field)"],
                    ") { (element, field) throws(ContractsError) in")
                writer.indented { writer in
                    for check in checks { check.write(&writer) }
                }
                writer.line("}")
            }
        }
    }

    /// Swift source building `type` as an `ABIType` value: `.fixedArray(.uint(256), 3)`.
    static func typeExpression(_ type: ABIType) -> String {
        switch type {
        case .uint(let bits): ".uint(\(bits))"
        case .int(let bits): ".int(\(bits))"
        case .address: ".address"
        case .bool: ".bool"
        case .fixedBytes(let count): ".fixedBytes(\(count))"
        case .bytes: ".bytes"
        case .string: ".string"
        case .function: ".function"
        case .fixed(let bits, let decimals): ".fixed(bits: \(bits), decimals: \(decimals))"
        case .ufixed(let bits, let decimals): ".ufixed(bits: \(bits), decimals: \(decimals))"
        case .array(let element): ".array(\(typeExpression(element)))"
        case .fixedArray(let element, let count): ".fixedArray(\(typeExpression(element)), \(count))"
        case .tuple(let members): ".tuple([" + members.map(typeExpression).joined(separator: ", ") + "])"
        }
    }
}

/// A generated struct standing for a tuple (a Solidity struct): its fields, and where it is declared.
final class StructModel {
    /// Its name in the enclosing scope.
    var name: String = ""
    /// Where it is declared.
    var parent: StructParent = .path("")
    /// Its fields, one per tuple component.
    var fields: [FieldModel] = []
    /// The tuple type.
    let abiType: ABIType
    /// The Solidity struct it comes from (`Escrow.Session`), from the JSON ABI's `internalType`, if known.
    let solidityName: String?
    /// Structs for tuples nested in its components, declared inside it.
    var nested: [StructModel] = []

    init(abiType: ABIType, solidityName: String?) {
        self.abiType = abiType
        self.solidityName = solidityName
    }

    /// The name code writes to refer to it from anywhere: `Book.PlaceOrder.Order`.
    var path: String {
        switch parent {
        case .path(let path): path.isEmpty ? name : path + "." + name
        case .model(let model): model.path + "." + name
        }
    }
}

/// Where a generated struct is declared: in a type known by its path (the contract's namespace, a function's
/// struct), or in another generated struct.
enum StructParent {
    case path(String)
    case model(StructModel)
}

/// One field of a generated struct: a parameter of a function, event, error or constructor, a result, or a tuple
/// component.
struct FieldModel {
    /// The Swift name, unescaped.
    let name: String
    /// The name in the ABI (may be empty).
    let abiName: String
    /// The ABI type.
    let abiType: ABIType
    /// Its Swift shape.
    let shape: TypeShape
    /// For event parameters: stored in a topic.
    var indexed = false

    /// For an indexed event parameter of a dynamic type: the log holds only its hash, so the field is a `Hash`.
    var isHashedTopic: Bool { indexed && !abiType.isElementary }

    /// The name as source writes it (in backticks when a keyword).
    var identifier: String { Naming.escaped(name) }

    /// The name as an argument label at a call site.
    var label: String { Naming.label(name) }

    /// The Swift type of the field.
    var swiftType: String { isHashedTopic ? "Hash" : shape.swiftType }

    /// `uint256 sessionId`, `address indexed from` or `(address,uint96)[] parts` (for documentation).
    var declaration: String {
        let type = abiType.description + (indexed ? " indexed" : "")
        return abiName.isEmpty ? type : "\(type) \(abiName)"
    }
}
