import EthPrimitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A contract's interface as Solidity and Vyper compilers write it: a JSON array of functions, events, errors,
/// the constructor, fallback and receive.
///
/// Reads the compilers' output (`solc --abi`, `vyper -f abi`), Hardhat and Foundry artifacts (an object whose
/// `abi` field is that array) and older ABIs (`constant`/`payable` instead of `stateMutability`, entries without
/// `type`, which are functions). Tuples come from `components`; `internalType` is kept. It encodes back to the same
/// JSON form, entries in their original order.
public struct JSONABI: Hashable, Sendable {
    /// Every entry, in the order the document lists them.
    public var items: [ABIItem]

    /// An interface with these entries.
    public init(items: [ABIItem]) {
        self.items = items
    }

    /// Reads a JSON ABI document (an array, or an artifact object with an `abi` array).
    ///
    /// - Throws: ``ABIError/invalidJSONABI(reason:item:)`` naming the entry and what is wrong with it.
    public init(json: String) throws(ABIError) {
        do {
            self = try JSONDecoder().decode(JSONABI.self, from: Data(json.utf8))
        } catch let error as ABIError {
            throw error
        } catch {
            throw .invalidJSONABI(reason: Self.reason(error), item: nil)
        }
    }

    /// An interface from human-readable declarations, one per line (see ``ABIItem/init(parsing:)``); blank lines
    /// and `//` comments are skipped.
    ///
    /// - Throws: ``ABIError/invalidJSONABI(reason:item:)`` naming the line (from 0) that does not parse.
    public init(humanReadable lines: [String]) throws(ABIError) {
        var items: [ABIItem] = []
        for (index, line) in lines.enumerated() {
            let text = String(line.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
            if text.isEmpty || text.hasPrefix("//") { continue }
            do {
                items.append(try ABIItem(parsing: text))
            } catch {
                throw .invalidJSONABI(reason: Self.reason(error), item: index)
            }
        }
        self.items = items
    }

    /// The functions.
    public var functions: [ABIFunction] {
        items.compactMap { if case .function(let function) = $0 { function } else { nil } }
    }

    /// The events.
    public var events: [ABIEvent] {
        items.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    /// The custom errors.
    public var errors: [ABICustomError] {
        items.compactMap { if case .error(let error) = $0 { error } else { nil } }
    }

    /// The constructor, if declared.
    public var constructor: ABIConstructor? {
        items.lazy.compactMap { if case .constructor(let constructor) = $0 { constructor } else { nil } }.first
    }

    /// The fallback function's mutability, if there is one.
    public var fallback: StateMutability? {
        items.lazy.compactMap { if case .fallback(let mutability) = $0 { mutability } else { nil } }.first
    }

    /// Whether the contract has a receive function.
    public var hasReceive: Bool { items.contains(.receive) }

    /// The functions called `name` (several when overloaded).
    public func functions(named name: String) -> [ABIFunction] {
        functions.filter { $0.name == name }
    }

    /// The function called `name`, when exactly one has that name.
    public func function(named name: String) -> ABIFunction? {
        let matches = functions(named: name)
        return matches.count == 1 ? matches[0] : nil
    }

    /// The function whose selector calldata starts with.
    public func function(selector: Selector) -> ABIFunction? {
        functions.first { $0.selector == selector }
    }

    /// The event called `name`, when exactly one has that name.
    public func event(named name: String) -> ABIEvent? {
        let matches = events.filter { $0.name == name }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The (non-anonymous) event whose signature hash is `topic`.
    public func event(topic: Hash) -> ABIEvent? {
        events.first { !$0.anonymous && $0.topic == topic }
    }

    /// The custom error with this selector.
    public func error(selector: Selector) -> ABICustomError? {
        errors.first { $0.selector == selector }
    }

    /// Decodes a log of one of the contract's events, found by its first topic.
    ///
    /// - Returns: nil when no non-anonymous event has the log's first topic.
    /// - Throws: the errors of ``ABIEvent/decodeLog(topics:data:mode:)``.
    public func decodeLog<Bytes: Collection<UInt8>>(topics: [Hash], data: Bytes, mode: ABIDecoder.Mode = .strict)
        throws(ABIError) -> ABIDecodedLog?
    {
        guard let first = topics.first, let event = event(topic: first) else { return nil }
        return try event.decodeLog(topics: topics, data: data, mode: mode)
    }

    /// Reads revert data with this contract's custom errors (and `Error(string)`, `Panic(uint256)`).
    ///
    /// - Throws: the errors of ``RevertReason/init(decoding:errors:)``.
    public func decodeRevert<Bytes: Collection<UInt8>>(_ data: Bytes) throws(ABIError) -> RevertReason {
        try RevertReason(decoding: data, errors: errors)
    }

    static func reason(_ error: any Error) -> String {
        if case .invalidJSONABI(let reason, _) = error as? ABIError {
            return reason
        }
        if let error = error as? ABIError {
            let text = error.description
            return text.hasPrefix("abi: ") ? String(text.dropFirst(5)) : text
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"" + codingPathText(context.codingPath)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "expected \(type == String.self ? "a string" : "\(type)")" + codingPathText(context.codingPath)
        case .dataCorrupted(let context):
            return context.debugDescription + codingPathText(context.codingPath)
        @unknown default:
            return "\(error)"
        }
    }

    private static func codingPathText(_ path: [any CodingKey]) -> String {
        let keys = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "" : " at \(keys)"
    }
}

// MARK: - Codable

extension JSONABI: Codable {
    private enum ArtifactKeys: String, CodingKey { case abi }

    public init(from decoder: any Decoder) throws {
        var list: any UnkeyedDecodingContainer
        if let array = try? decoder.unkeyedContainer() {
            list = array
        } else {
            let artifact = try decoder.container(keyedBy: ArtifactKeys.self)
            list = try artifact.nestedUnkeyedContainer(forKey: .abi)
        }
        var items: [ABIItem] = []
        while !list.isAtEnd {
            let index = list.currentIndex
            do {
                items.append(try list.decode(ABIItem.self))
            } catch {
                throw ABIError.invalidJSONABI(reason: Self.reason(error), item: index)
            }
        }
        self.items = items
    }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for item in items { try list.encode(item) }
    }
}

extension ABIItem: Codable {
    private enum Keys: String, CodingKey {
        case type, name, inputs, outputs, stateMutability, anonymous, constant, payable
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = try container.decodeIfPresent(String.self, forKey: .type) ?? "function"
        let name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        let inputs = try container.decodeIfPresent([ABIParameter].self, forKey: .inputs) ?? []
        let mutability: StateMutability
        if let text = try container.decodeIfPresent(String.self, forKey: .stateMutability) {
            guard let value = StateMutability(rawValue: text) else {
                throw ABIError.invalidJSONABI(
                    reason: "unknown stateMutability \"\(text)\" (pure, view, nonpayable or payable)", item: nil)
            }
            mutability = value
        } else if try container.decodeIfPresent(Bool.self, forKey: .payable) == true {
            mutability = .payable
        } else if try container.decodeIfPresent(Bool.self, forKey: .constant) == true {
            mutability = .view
        } else {
            mutability = type == "receive" ? .payable : .nonpayable
        }
        switch type {
        case "function":
            guard !name.isEmpty else { throw ABIError.invalidJSONABI(reason: "a function without a name", item: nil) }
            let outputs = try container.decodeIfPresent([ABIParameter].self, forKey: .outputs) ?? []
            self = .function(
                ABIFunction(
                    name: name, inputs: inputs.map(\.withoutIndexed), outputs: outputs.map(\.withoutIndexed),
                    stateMutability: mutability))
        case "event":
            let anonymous = try container.decodeIfPresent(Bool.self, forKey: .anonymous) ?? false
            self = .event(ABIEvent(name: name, inputs: inputs, anonymous: anonymous))
        case "error":
            self = .error(ABICustomError(name: name, inputs: inputs.map(\.withoutIndexed)))
        case "constructor":
            self = .constructor(ABIConstructor(inputs: inputs.map(\.withoutIndexed), stateMutability: mutability))
        case "fallback":
            self = .fallback(mutability)
        case "receive":
            self = .receive
        default:
            throw ABIError.invalidJSONABI(
                reason: "unknown entry type \"\(type)\" (function, event, error, constructor, fallback or receive)",
                item: nil)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .function(let function):
            try container.encode("function", forKey: .type)
            try container.encode(function.name, forKey: .name)
            try container.encode(function.inputs, forKey: .inputs)
            try container.encode(function.outputs, forKey: .outputs)
            try container.encode(function.stateMutability, forKey: .stateMutability)
        case .event(let event):
            try container.encode("event", forKey: .type)
            try container.encode(event.name, forKey: .name)
            try container.encode(event.inputs.map(EventParameter.init), forKey: .inputs)
            try container.encode(event.anonymous, forKey: .anonymous)
        case .error(let error):
            try container.encode("error", forKey: .type)
            try container.encode(error.name, forKey: .name)
            try container.encode(error.inputs, forKey: .inputs)
        case .constructor(let constructor):
            try container.encode("constructor", forKey: .type)
            try container.encode(constructor.inputs, forKey: .inputs)
            try container.encode(constructor.stateMutability, forKey: .stateMutability)
        case .fallback(let mutability):
            try container.encode("fallback", forKey: .type)
            try container.encode(mutability, forKey: .stateMutability)
        case .receive:
            try container.encode("receive", forKey: .type)
            try container.encode(StateMutability.payable, forKey: .stateMutability)
        }
    }
}

/// An event parameter, which the JSON form always gives `indexed`.
private struct EventParameter: Encodable {
    let parameter: ABIParameter

    func encode(to encoder: any Encoder) throws {
        try parameter.encode(to: encoder, includeIndexed: true)
    }
}

extension ABIParameter: Codable {
    private enum Keys: String, CodingKey { case name, type, components, indexed, internalType }

    /// The same parameter, not indexed (outside events `indexed` means nothing).
    var withoutIndexed: ABIParameter {
        var copy = self
        copy.indexed = false
        return copy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        let typeText = try container.decode(String.self, forKey: .type)
        let components = try container.decodeIfPresent([ABIParameter].self, forKey: .components) ?? []
        let indexed = try container.decodeIfPresent(Bool.self, forKey: .indexed) ?? false
        let internalType = try container.decodeIfPresent(String.self, forKey: .internalType)
        let type: ABIType
        if typeText.hasPrefix("tuple") {
            guard !components.isEmpty else {
                let named = name.isEmpty ? "" : " \"\(name)\""
                throw ABIError.invalidJSONABI(reason: "the \(typeText) parameter\(named) has no components", item: nil)
            }
            let tuple = "(" + components.map(\.type.description).joined(separator: ",") + ")"
            type = try ABIType(parsing: tuple + typeText.dropFirst("tuple".count))
        } else {
            type = try ABIType(parsing: typeText)
        }
        self.init(name: name, type: type, components: components, indexed: indexed, internalType: internalType)
    }

    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, includeIndexed: indexed)
    }

    fileprivate func encode(to encoder: any Encoder, includeIndexed: Bool) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        if case .tuple = type.innermostElement {
            try container.encode("tuple" + type.arraySuffix, forKey: .type)
            try container.encode(components, forKey: .components)
        } else {
            try container.encode(type.description, forKey: .type)
        }
        if includeIndexed { try container.encode(indexed, forKey: .indexed) }
        try container.encodeIfPresent(internalType, forKey: .internalType)
    }
}
