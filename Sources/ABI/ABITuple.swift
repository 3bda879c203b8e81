/// A tuple of statically typed values: `ABITuple<Address, UInt256>` is `(address,uint256)`.
///
/// It carries the ABI conformances Swift's built-in tuples cannot have, through parameter packs, so that nested
/// tuples and structs (see ``ABIStruct``) encode and decode with no run-time type description.
public struct ABITuple<each Element> {
    /// The values, in order.
    public var elements: (repeat each Element)

    /// A tuple of `elements`.
    @inlinable
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

    @inlinable
    public static var isABIDynamic: Bool {
        for dynamic in repeat (each Element).isABIDynamic {
            if dynamic { return true }
        }
        return false
    }

    @inlinable
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
    @inlinable
    public var abiEncodedSize: Int {
        var size = 0
        for element in repeat each elements { size += ABIEncoder.memberSize(element) }
        return size
    }

    public var abiValue: ABIValue {
        var values: [ABIValue] = []
        for element in repeat each elements { values.append(element.abiValue) }
        return .tuple(values)
    }

    @inlinable
    public func encodeABI(to writer: inout ABIWriter) {
        ABIEncoder.writeMembers(repeat each elements, to: &writer)
    }
}

extension ABIEncoder {
    /// The bytes a member takes in a tuple: its head, plus its data when dynamic.
    @inlinable @inline(__always)
    static func memberSize<T: ABIEncodable>(_ value: T) -> Int {
        T.isABIDynamic ? 32 + value.abiEncodedSize : T.abiHeadSize
    }

    @inlinable @inline(__always)
    static func addMemberSize<T: ABIEncodable>(_ value: T, to size: inout Int) {
        size += memberSize(value)
    }

    /// Writes values as the members of a tuple: heads (static values in place, a placeholder for each dynamic
    /// value's offset), then each dynamic value's data with its offset filled in.
    @inlinable
    static func writeMembers<each T: ABIEncodable>(_ values: repeat each T, to writer: inout ABIWriter) {
        let base = writer.position
        repeat writeHead(each values, to: &writer)
        var slot = base
        repeat writeTail(each values, base: base, slot: &slot, to: &writer)
    }

    @inlinable @inline(__always)
    static func writeHead<T: ABIEncodable>(_ value: T, to writer: inout ABIWriter) {
        if T.isABIDynamic {
            _ = writer.reserveWord()
        } else {
            value.encodeABI(to: &writer)
        }
    }

    @inlinable @inline(__always)
    static func writeTail<T: ABIEncodable>(_ value: T, base: Int, slot: inout Int, to writer: inout ABIWriter) {
        if T.isABIDynamic {
            writer.writeOffset(writer.position - base, at: slot)
            value.encodeABI(to: &writer)
            slot += 32
        } else {
            slot += T.abiHeadSize
        }
    }
}

extension ABITuple: ABIDecodable where repeat each Element: ABIDecodable {
    @inlinable
    public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> ABITuple<repeat each Element> {
        let elements = try reader.decodeMembers(repeat (each Element).self)
        return ABITuple(repeat each elements)
    }
}

extension ABIReader {
    /// Decodes a tuple of the given types at ``position``.
    @inlinable
    mutating func decodeMembers<each T: ABIDecodable>(_ types: repeat (each T).Type) throws(ABIError)
        -> (repeat each T)
    {
        var headSize = 0
        for type in repeat (each T).self { headSize += type.abiHeadSize }
        var frame = try beginTuple(headSize: headSize)
        let values = (repeat try decodeComponent((each T).self, in: &frame))
        endTuple(frame)
        return values
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
