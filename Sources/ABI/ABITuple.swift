/// A tuple of statically typed values: `ABITuple<Address, UInt256>` is `(address,uint256)`.
///
/// It carries the ABI conformances Swift's built-in tuples cannot have, through parameter packs, so that nested
/// tuples and structs (see ``ABIStruct``) encode and decode with no run-time type description.
public struct ABITuple<each Element> {
    /// The values, in order.
    public var elements: (repeat each Element)

    /// A tuple of `elements`.
    public init(_ elements: repeat each Element) {
        self.elements = (repeat each elements)
    }
}

extension ABITuple: Sendable where repeat each Element: Sendable {}

extension ABITuple: ABIRepresentable where repeat each Element: ABIRepresentable {
    public static var abiType: ABIType {
        var types: [ABIType] = []
        for type in repeat (each Element).abiType { types.append(type) }
        return .tuple(types)
    }

    public static var isABIDynamic: Bool {
        for dynamic in repeat (each Element).isABIDynamic {
            if dynamic { return true }
        }
        return false
    }

    public static var abiHeadSize: Int { isABIDynamic ? 32 : membersHeadSize }

    /// The size of the members' heads, where the tails (if any) begin.
    @inlinable
    static var membersHeadSize: Int {
        var size = 0
        for head in repeat (each Element).abiHeadSize { size += head }
        return size
    }
}

extension ABITuple: ABIEncodable where repeat each Element: ABIEncodable {
    public var abiEncodedSize: Int {
        var size = 0
        for element in repeat each elements {
            size += type(of: element).isABIDynamic ? 32 + element.abiEncodedSize : element.abiEncodedSize
        }
        return size
    }

    public var abiValue: ABIValue {
        var values: [ABIValue] = []
        for element in repeat each elements { values.append(element.abiValue) }
        return .tuple(values)
    }

    @inlinable
    public func encodeABI(to writer: inout ABIWriter) {
        let base = writer.position
        // Heads: static members in place, a placeholder for each dynamic member's offset.
        for element in repeat each elements {
            if type(of: element).isABIDynamic {
                _ = writer.reserveWord()
            } else {
                element.encodeABI(to: &writer)
            }
        }
        // Tails, each offset filled in as its data starts.
        var slot = base
        for element in repeat each elements {
            let elementType = type(of: element)
            if elementType.isABIDynamic {
                writer.writeOffset(writer.position - base, at: slot)
                element.encodeABI(to: &writer)
                slot += 32
            } else {
                slot += elementType.abiHeadSize
            }
        }
    }
}

extension ABITuple: ABIDecodable where repeat each Element: ABIDecodable {
    @inlinable
    public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> ABITuple<repeat each Element> {
        var frame = try reader.beginTuple(headSize: membersHeadSize)
        let elements = (repeat try reader.decodeComponent((each Element).self, in: &frame))
        reader.endTuple(frame)
        return ABITuple(repeat each elements)
    }
}

extension ABITuple: Equatable where repeat each Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        for (left, right) in repeat (each lhs.elements, each rhs.elements) {
            if left != right { return false }
        }
        return true
    }
}
