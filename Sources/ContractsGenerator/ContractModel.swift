import ABI
import EthPrimitives

/// A function as bindings declare it.
struct FunctionModel {
    let abi: ABIFunction
    /// The struct's name (`StopSessionAt`, `SafeTransferFromAddressAddressUint256Bytes` for an overload).
    let typeName: String
    /// The case of the contract's `Function` enum.
    let caseName: String
    let inputs: [FieldModel]
    let output: OutputModel
    /// Structs for tuples among its inputs and results.
    let nested: [StructModel]
}

/// What a function returns, as bindings declare it.
enum OutputModel {
    /// Nothing: `Output` is `Void`.
    case none
    /// One result that is not a tuple: `Output` is its Swift type.
    case single(FieldModel)
    /// Several results: `Output` is a generated struct with a field per result.
    case fields([FieldModel])
    /// One tuple result: `Output` is a generated struct with the tuple's fields (nested, or a contract-level struct
    /// when the ABI names the Solidity struct).
    case tuple(StructModel)
}

/// An event as bindings declare it.
struct EventModel {
    let abi: ABIEvent
    let typeName: String
    let caseName: String
    let fields: [FieldModel]
    let nested: [StructModel]
}

/// A custom error as bindings declare it.
struct ErrorModel {
    let abi: ABICustomError
    let typeName: String
    let fields: [FieldModel]
    let nested: [StructModel]
}

/// The constructor as bindings declare it (no fields when the ABI declares none).
struct ConstructorModel {
    let isPayable: Bool
    let fields: [FieldModel]
    let nested: [StructModel]
}

/// Everything the bindings of one contract declare, with every Swift name decided.
struct ContractModel {
    let name: String
    let functions: [FunctionModel]
    let events: [EventModel]
    let errors: [ErrorModel]
    let constructor: ConstructorModel
    /// Structs the ABI names (`internalType: "struct Escrow.Session"`), declared once in the namespace.
    let structs: [StructModel]

    /// Names instance members of each kind of generated struct already use.
    private static let functionMembers: Set<String> = ["calldata", "arguments", "hashValue", "self"]
    private static let eventMembers: Set<String> = ["encode", "hashValue", "self"]
    private static let errorMembers: Set<String> = ["revertData", "hashValue", "self"]
    private static let constructorMembers: Set<String> = ["encodedArguments", "hashValue", "self"]
    static let structMembers: Set<String> = [
        "abiEncodedSize", "abiValue", "encodeABI", "abiFields", "hashValue", "self",
    ]
    private static let outputMembers: Set<String> = ["hashValue", "self"]

    /// Decides every name of the bindings of `abi`.
    ///
    /// - Throws: ``ContractsGeneratorError`` for a contract name that is no Swift identifier, types bindings cannot
    ///   hold (fixed-point numbers), or two functions with one selector.
    init(name: String, abi: JSONABI) throws(ContractsGeneratorError) {
        let typeName = Naming.upperCamel(name)
        guard !typeName.isEmpty, typeName.first!.isLetter else { throw .invalidContractName(name) }
        self.name = typeName
        var builder = StructBuilder(contract: typeName)

        // Type names in the namespace: functions first, then events, then errors, each kind suffixed on a clash.
        var namespace = NameScope(reserved: Naming.reservedTypeNames.union([typeName]))
        let functionNames = Self.typeNames(
            abi.functions.map { ($0.name, $0.inputs) }, suffix: "Call", in: &namespace)
        let eventNames = Self.typeNames(abi.events.map { ($0.name, $0.inputs) }, suffix: "Event", in: &namespace)
        let errorNames = Self.typeNames(abi.errors.map { ($0.name, $0.inputs) }, suffix: "Error", in: &namespace)

        var seenSelectors: [Selector: String] = [:]
        var functionCases = NameScope(reserved: ["call", "calldata", "signature"])
        var functions: [FunctionModel] = []
        for (function, typeName) in zip(abi.functions, functionNames) {
            if let other = seenSelectors[function.selector] {
                throw .selectorClash(first: other, second: function.signature, selector: function.selector.description)
            }
            seenSelectors[function.selector] = function.signature
            let parent = StructParent.path("\(self.name).\(typeName)")
            var nestedScope = NameScope(reserved: Naming.reservedTypeNames.union([typeName]))
            var nested: [StructModel] = []
            let inputs = try builder.fields(
                function.inputs, reserved: Self.functionMembers, parent: parent, scope: &nestedScope,
                nested: &nested, unnamedStruct: "Tuple")
            let output: OutputModel
            if function.outputs.isEmpty {
                output = .none
            } else if function.outputs.count == 1, case .tuple = function.outputs[0].type {
                let model = try builder.outputStruct(function.outputs[0], parent: parent)
                if model.solidityName == nil { nested.append(model) }
                output = .tuple(model)
            } else {
                let fields = try builder.fields(
                    function.outputs, reserved: Self.outputMembers, parent: parent, scope: &nestedScope,
                    nested: &nested, unnamedStruct: "Result")
                output = fields.count == 1 ? .single(fields[0]) : .fields(fields)
            }
            let caseName = functionCases.claim(Naming.lowerCamel(typeName), suffix: "Call")
            functions.append(
                FunctionModel(
                    abi: function, typeName: typeName, caseName: caseName, inputs: inputs, output: output,
                    nested: nested))
        }
        self.functions = functions

        var eventCases = NameScope(reserved: ["log", "encode", "signature"])
        var events: [EventModel] = []
        for (event, typeName) in zip(abi.events, eventNames) {
            var nestedScope = NameScope(reserved: Naming.reservedTypeNames.union([typeName]))
            var nested: [StructModel] = []
            let fields = try builder.fields(
                event.inputs, reserved: Self.eventMembers, parent: .path("\(self.name).\(typeName)"),
                scope: &nestedScope,
                nested: &nested, unnamedStruct: "Tuple")
            let caseName = eventCases.claim(Naming.lowerCamel(typeName), suffix: "Event")
            events.append(
                EventModel(abi: event, typeName: typeName, caseName: caseName, fields: fields, nested: nested))
        }
        self.events = events

        var errors: [ErrorModel] = []
        for (error, typeName) in zip(abi.errors, errorNames) {
            var nestedScope = NameScope(reserved: Naming.reservedTypeNames.union([typeName]))
            var nested: [StructModel] = []
            let fields = try builder.fields(
                error.inputs, reserved: Self.errorMembers, parent: .path("\(self.name).\(typeName)"),
                scope: &nestedScope,
                nested: &nested, unnamedStruct: "Tuple")
            errors.append(ErrorModel(abi: error, typeName: typeName, fields: fields, nested: nested))
        }
        self.errors = errors

        var constructorScope = NameScope(reserved: Naming.reservedTypeNames.union(["Constructor"]))
        var constructorNested: [StructModel] = []
        let constructorFields = try builder.fields(
            abi.constructor?.inputs ?? [], reserved: Self.constructorMembers, parent: .path("\(self.name).Constructor"),
            scope: &constructorScope, nested: &constructorNested, unnamedStruct: "Tuple")
        constructor = ConstructorModel(
            isPayable: abi.constructor?.stateMutability == .payable, fields: constructorFields,
            nested: constructorNested)

        // The structs the ABI names get the names left in the namespace.
        structs = builder.namedStructs
        let shortNames = Dictionary(grouping: structs) { Self.shortName($0.solidityName!) }
        for model in structs {
            let full = model.solidityName!
            let short = Self.shortName(full)
            let preferred = shortNames[short]!.count == 1 ? short : Naming.upperCamel(full)
            model.name = namespace.claim(preferred.isEmpty ? "Struct" : preferred, suffix: "Struct")
            model.parent = .path(self.name)
        }
    }

    /// `Session` for `Escrow.Session`.
    private static func shortName(_ solidityName: String) -> String {
        Naming.upperCamel(String(solidityName.split(separator: ".").last ?? ""))
    }

    /// Struct names for functions, events or errors: UpperCamelCase of the name, overloads suffixed with their
    /// parameter types, `suffix` added on a clash with a name already taken.
    private static func typeNames(_ items: [(String, [ABIParameter])], suffix: String, in scope: inout NameScope)
        -> [String]
    {
        var counts: [String: Int] = [:]
        for (name, _) in items { counts[name, default: 0] += 1 }
        return items.map { name, inputs in
            var typeName = Naming.upperCamel(name)
            if typeName.isEmpty || !typeName.first!.isLetter { typeName = suffix + typeName }
            if counts[name]! > 1 { typeName += inputs.map { typeSuffix($0.type) }.joined() }
            return scope.claim(typeName, suffix: suffix)
        }
    }

    /// `Uint256`, `AddressArray`, `Bytes4Array2`, `Tuple`: a type in a name.
    static func typeSuffix(_ type: ABIType) -> String {
        switch type {
        case .array(let element): typeSuffix(element) + "Array"
        case .fixedArray(let element, let count): typeSuffix(element) + "Array\(count)"
        case .tuple: "Tuple"
        default: Naming.upperCamel(type.description)
        }
    }
}

/// Maps parameters to fields, creating the structs their tuples need.
private struct StructBuilder {
    let contract: String
    /// Structs named by the ABI, in the order first seen, by Solidity name.
    private(set) var namedStructs: [StructModel] = []

    init(contract: String) {
        self.contract = contract
    }

    /// Fields for `parameters`, named uniquely (unnamed ones `_0`, `_1`, … by position); tuples become structs in
    /// `nested` (named in `scope`) unless the ABI names their Solidity struct.
    mutating func fields(
        _ parameters: [ABIParameter], reserved: Set<String>, parent: StructParent, scope: inout NameScope,
        nested: inout [StructModel], unnamedStruct: String
    ) throws(ContractsGeneratorError) -> [FieldModel] {
        var names = NameScope(reserved: reserved)
        // Names the ABI gives come first, so that `_0` never takes a name a later parameter has.
        var fieldNames: [String?] = parameters.map { _ in nil }
        for (index, parameter) in parameters.enumerated() {
            let name = Naming.lowerCamel(parameter.name)
            // A name the struct's own members use gets `Value` after it; a repeated one a number.
            if !name.isEmpty {
                fieldNames[index] = names.claim(reserved.contains(name) ? name + "Value" : name, suffix: "")
            }
        }
        var fields: [FieldModel] = []
        for (index, parameter) in parameters.enumerated() {
            let name = fieldNames[index] ?? names.claim("_\(index)", suffix: "")
            let structName =
                Naming.upperCamel(parameter.name).isEmpty
                ? "\(unnamedStruct)\(index)" : Naming.upperCamel(parameter.name)
            let shape = try self.shape(
                parameter, type: parameter.type, parent: parent, scope: &scope, nested: &nested,
                structName: structName)
            var field = FieldModel(name: name, abiName: parameter.name, abiType: parameter.type, shape: shape)
            field.indexed = parameter.indexed
            fields.append(field)
        }
        return fields
    }

    /// The struct for a function's one tuple result: nested as `Output`, or the namespace's struct the ABI names.
    mutating func outputStruct(_ parameter: ABIParameter, parent: StructParent) throws(ContractsGeneratorError)
        -> StructModel
    {
        if let named = try namedStruct(parameter) { return named }
        let model = StructModel(abiType: parameter.type, solidityName: nil)
        model.name = "Output"
        model.parent = parent
        try fill(model, components: parameter.components)
        return model
    }

    /// The shape of `type` (the type of `parameter`, or an element of it).
    private mutating func shape(
        _ parameter: ABIParameter, type: ABIType, parent: StructParent, scope: inout NameScope,
        nested: inout [StructModel], structName: String
    ) throws(ContractsGeneratorError) -> TypeShape {
        switch type {
        case .uint(let bits):
            return [8, 16, 32, 64, 256].contains(bits)
                ? .native(bits == 256 ? "UInt256" : "UInt\(bits)") : .unsigned(bits)
        case .int(let bits):
            return [8, 16, 32, 64, 256].contains(bits) ? .native(bits == 256 ? "Int256" : "Int\(bits)") : .signed(bits)
        case .address: return .native("Address")
        case .bool: return .native("Bool")
        case .fixedBytes(let count): return count == 32 ? .native("Hash") : .fixedBytes(count)
        case .bytes: return .bytes
        case .string: return .native("String")
        case .function: return .native("ExternalFunction")
        case .fixed, .ufixed: throw .unsupportedType(type.description, parameter: parameter.name)
        case .array(let element):
            return .array(
                try shape(
                    parameter, type: element, parent: parent, scope: &scope, nested: &nested, structName: structName))
        case .fixedArray(let element, let count):
            return .fixedArray(
                try shape(
                    parameter, type: element, parent: parent, scope: &scope, nested: &nested, structName: structName),
                count)
        case .tuple:
            if let named = try namedStruct(parameter) { return .tuple(named) }
            let model = StructModel(abiType: type, solidityName: nil)
            model.name = scope.claim(structName, suffix: "Struct")
            model.parent = parent
            try fill(model, components: parameter.components)
            nested.append(model)
            return .tuple(model)
        }
    }

    /// The namespace's struct for a parameter whose `internalType` names a Solidity struct (`struct Escrow.Session`,
    /// `struct Escrow.Session[]`), created the first time; nil when the ABI names none.
    private mutating func namedStruct(_ parameter: ABIParameter) throws(ContractsGeneratorError) -> StructModel? {
        guard var internalType = parameter.internalType, internalType.hasPrefix("struct ") else { return nil }
        internalType.removeFirst("struct ".count)
        if let bracket = internalType.firstIndex(of: "[") { internalType = String(internalType[..<bracket]) }
        let tupleType = parameter.type.innermostElement
        let componentNames = parameter.components.map(\.name)
        if let existing = namedStructs.first(where: {
            $0.solidityName == internalType && $0.abiType == tupleType && $0.fields.map(\.abiName) == componentNames
        }) {
            return existing
        }
        // The same Solidity name with another shape (two contracts' structs flattened into one ABI): a new struct.
        var solidityName = internalType
        var number = 2
        while namedStructs.contains(where: { $0.solidityName == solidityName }) {
            solidityName = "\(internalType)\(number)"
            number += 1
        }
        let model = StructModel(abiType: tupleType, solidityName: solidityName)
        namedStructs.append(model)
        try fill(model, components: parameter.components)
        return model
    }

    /// Gives `model` its fields from the tuple's components; tuples among them become structs nested in it.
    private mutating func fill(_ model: StructModel, components: [ABIParameter]) throws(ContractsGeneratorError) {
        let ownName = model.name.isEmpty ? Naming.upperCamel(model.solidityName ?? "") : model.name
        var scope = NameScope(reserved: Naming.reservedTypeNames.union([ownName]))
        var nested: [StructModel] = []
        model.fields = try fields(
            components, reserved: ContractModel.structMembers, parent: .model(model), scope: &scope,
            nested: &nested, unnamedStruct: "Tuple")
        model.nested = nested
    }
}
