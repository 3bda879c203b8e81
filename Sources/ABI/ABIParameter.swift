/// A named, typed slot of a function, event or error, as a JSON ABI describes it.
///
/// For a tuple type (or an array of tuples) ``components`` names the tuple's members, as the JSON ABI's
/// `components` field does; ``type`` is always the full type, so `(uint256 id, address owner)[] sessions` has
/// type `(uint256,address)[]` and two components.
public struct ABIParameter: Hashable, Sendable {
    /// The parameter's name; empty when it has none.
    public var name: String
    /// Its ABI type.
    public var type: ABIType
    /// The named members of the innermost tuple of ``type`` (empty unless ``type`` is a tuple or array of tuples).
    public var components: [ABIParameter]
    /// For an event parameter: whether it is stored in a topic rather than in the log's data.
    public var indexed: Bool
    /// The Solidity type a JSON ABI gives as `internalType` (`struct Escrow.Session`, `contract IERC20`), if any.
    public var internalType: String?

    /// A parameter of `type`.
    ///
    /// - Parameters:
    ///   - components: names for the members of `type`'s innermost tuple; when empty they are made from the type
    ///     with empty names. Their types must match the tuple's.
    ///   - indexed: for event parameters, whether the value goes in a topic.
    public init(
        name: String = "", type: ABIType, components: [ABIParameter] = [], indexed: Bool = false,
        internalType: String? = nil
    ) {
        self.name = name
        self.type = type
        self.indexed = indexed
        self.internalType = internalType
        if components.isEmpty, case .tuple(let members) = type.innermostElement {
            self.components = members.map { ABIParameter(type: $0) }
        } else {
            self.components = components
        }
    }

    /// The human-readable form: `(uint256 id, address owner)[] sessions`, `address indexed from`.
    public var humanReadable: String {
        var text: String
        if case .tuple = type.innermostElement {
            text = "(" + components.map(\.humanReadable).joined(separator: ", ") + ")"
            text += type.arraySuffix
        } else {
            text = type.description
        }
        if indexed { text += " indexed" }
        if !name.isEmpty { text += " " + name }
        return text
    }
}

extension ABIType {
    /// The type inside all array levels: `uint8` for `uint8[2][]`; the type itself when it is not an array.
    public var innermostElement: ABIType {
        var type = self
        while let element = type.elementType { type = element }
        return type
    }

    /// The array levels after the innermost element, as written: `[2][]` for `uint8[2][]`.
    var arraySuffix: String {
        switch self {
        case .array(let element): element.arraySuffix + "[]"
        case .fixedArray(let element, let count): element.arraySuffix + "[\(count)]"
        default: ""
        }
    }
}
