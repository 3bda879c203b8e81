import EthPrimitives

/// A Swift type whose ABI type is fixed at compile time, so that encoding and decoding it need no ``ABIType`` or
/// ``ABIValue`` at run time (the static path, as alloy's `sol-types` is to its `dyn-abi`).
///
/// Conforming: `UInt256` (`uint256`), `Int256` (`int256`), `UInt8`…`UInt64` and `Int8`…`Int64` (`uint8`…`uint64`,
/// `int8`…`int64`), `Bool`, ``EthPrimitives/Address``, `String`, ``ABIBytes`` (`bytes`), ``EthPrimitives/Hash``
/// (`bytes32`), ``EthPrimitives/Selector`` (`bytes4`), `Array` (`T[]`; so `[UInt8]` is `uint8[]`, not `bytes`),
/// ``ABITuple`` (tuples), and with Swift 6.2 `InlineArray` (`T[k]`), ``ABIFixedBytes`` (`bytesN`),
/// ``ABIUnsigned``/``ABISigned`` (any width). Structs conform through ``ABIStruct``.
public protocol ABIRepresentable {
    /// The ABI type values of this Swift type have.
    static var abiType: ABIType { get }
    /// Whether ``abiType`` is dynamic (encoded in the tail behind an offset).
    static var isABIDynamic: Bool { get }
    /// The bytes this type takes in an enclosing tuple's head: 32 when dynamic, else its whole encoding.
    static var abiHeadSize: Int { get }
}

/// A value that writes its own ABI encoding, with its size known before writing.
public protocol ABIEncodable: ABIRepresentable {
    /// The length of this value's encoding (`enc(X)` in the specification): ``ABIRepresentable/abiHeadSize`` for a
    /// static type; for a dynamic one, everything its tail holds (length word, elements, padding).
    var abiEncodedSize: Int { get }
    /// Writes exactly ``abiEncodedSize`` bytes: this value's encoding.
    func encodeABI(to writer: inout ABIWriter)
    /// The same value for the dynamic path.
    var abiValue: ABIValue { get }
}

/// A value that reads itself from an ABI encoding, strictly: see ``ABIReader``.
public protocol ABIDecodable: ABIRepresentable {
    /// Reads this type's encoding starting at `reader.position`, leaving the position just after it.
    ///
    /// - Throws: ``ABIError`` naming the rule the input breaks and its byte offset.
    static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self
}

/// A type that both encodes and decodes itself.
public typealias ABICodable = ABIDecodable & ABIEncodable

// MARK: - Numbers

extension UInt256: ABICodable {
    public static var abiType: ABIType { .uint(256) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .uint(self, bits: 256) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> UInt256 {
        try reader.readUInt256()
    }
}

extension Int256: ABICodable {
    public static var abiType: ABIType { .int(256) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .int(self, bits: 256) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Int256 {
        try reader.readInt(bits: 256)
    }
}

extension UInt8: ABICodable {
    public static var abiType: ABIType { .uint(8) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .uint(UInt256(self), bits: 8) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(UInt64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> UInt8 {
        try reader.readUnsigned(UInt8.self)
    }
}

extension UInt16: ABICodable {
    public static var abiType: ABIType { .uint(16) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .uint(UInt256(self), bits: 16) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(UInt64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> UInt16 {
        try reader.readUnsigned(UInt16.self)
    }
}

extension UInt32: ABICodable {
    public static var abiType: ABIType { .uint(32) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .uint(UInt256(self), bits: 32) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(UInt64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> UInt32 {
        try reader.readUnsigned(UInt32.self)
    }
}

extension UInt64: ABICodable {
    public static var abiType: ABIType { .uint(64) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .uint(UInt256(self), bits: 64) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> UInt64 {
        try reader.readUnsigned(UInt64.self)
    }
}

extension Int8: ABICodable {
    public static var abiType: ABIType { .int(8) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .int(Int256(self), bits: 8) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(signed: Int64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Int8 {
        try reader.readSigned(Int8.self)
    }
}

extension Int16: ABICodable {
    public static var abiType: ABIType { .int(16) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .int(Int256(self), bits: 16) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(signed: Int64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Int16 {
        try reader.readSigned(Int16.self)
    }
}

extension Int32: ABICodable {
    public static var abiType: ABIType { .int(32) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .int(Int256(self), bits: 32) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(signed: Int64(self)) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Int32 {
        try reader.readSigned(Int32.self)
    }
}

extension Int64: ABICodable {
    public static var abiType: ABIType { .int(64) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .int(Int256(self), bits: 64) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(signed: self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Int64 {
        try reader.readSigned(Int64.self)
    }
}

// MARK: - Address, bool, fixed bytes

extension Bool: ABICodable {
    public static var abiType: ABIType { .bool }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .bool(self) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeBool(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Bool {
        try reader.readBool()
    }
}

extension Address: ABICodable {
    public static var abiType: ABIType { .address }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .address(self) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeAddress(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Address {
        try reader.readAddress()
    }
}

/// `bytes32`.
extension Hash: ABICodable {
    public static var abiType: ABIType { .fixedBytes(32) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .fixedBytes(bytes) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeRaw(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Hash {
        try reader.readHash()
    }
}

/// `bytes4`.
extension Selector: ABICodable {
    public static var abiType: ABIType { .fixedBytes(4) }
    @inlinable public static var isABIDynamic: Bool { false }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .fixedBytes(bytes) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) {
        writer.writeRaw(self)
        writer.writeZeros(count: 28)
    }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Selector {
        try! Selector(try reader.readFixedBytes(count: 4))
    }
}

// MARK: - Dynamic byte strings

extension String: ABICodable {
    public static var abiType: ABIType { .string }
    @inlinable public static var isABIDynamic: Bool { true }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 + ABIEncoder.paddedLength(utf8.count) }
    public var abiValue: ABIValue { .string(self) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeString(self) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> String {
        try reader.readString()
    }
}

/// A `bytes` value for the static path (a plain `[UInt8]` is `uint8[]`).
public struct ABIBytes: Hashable, Sendable, ABICodable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The bytes.
    public var bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(arrayLiteral elements: UInt8...) { self.bytes = elements }

    /// Lowercase `0x` hex.
    public var description: String { Hex.encode(bytes) }

    public static var abiType: ABIType { .bytes }
    @inlinable public static var isABIDynamic: Bool { true }
    @inlinable public static var abiHeadSize: Int { 32 }
    @inlinable public var abiEncodedSize: Int { 32 + ABIEncoder.paddedLength(bytes.count) }
    public var abiValue: ABIValue { .bytes(bytes) }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { writer.writeBytes(bytes) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> ABIBytes {
        ABIBytes(try reader.readBytes())
    }
}

// MARK: - Arrays

extension Array: ABIRepresentable where Element: ABIRepresentable {
    /// `T[]`.
    public static var abiType: ABIType { .array(Element.abiType) }
    @inlinable public static var isABIDynamic: Bool { true }
    @inlinable public static var abiHeadSize: Int { 32 }
}

extension Array: ABIEncodable where Element: ABIEncodable {
    // Elements are reached by index rather than through `Sequence`/`Collection`: when the compiler does not
    // specialize these (it does not through parameter packs), the generic iterator's calls through the protocol
    // witness would allocate for every element.

    @inlinable public var abiEncodedSize: Int {
        guard Element.isABIDynamic else { return 32 + count * Element.abiHeadSize }
        var size = 32
        for index in 0..<count { size += 32 + self[index].abiEncodedSize }
        return size
    }

    public var abiValue: ABIValue { .array(map(\.abiValue)) }

    @inlinable public func encodeABI(to writer: inout ABIWriter) {
        writer.writeWord(UInt64(count))
        guard Element.isABIDynamic else {
            for index in 0..<count { self[index].encodeABI(to: &writer) }
            return
        }
        // Offsets first, each filled in as its element's data starts.
        let base = writer.position
        for _ in 0..<count { _ = writer.reserveWord() }
        var slot = base
        for index in 0..<count {
            writer.writeOffset(writer.position - base, at: slot)
            self[index].encodeABI(to: &writer)
            slot += 32
        }
    }
}

extension Array: ABIDecodable where Element: ABIDecodable {
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> [Element] {
        let count = try reader.readLength(itemSize: Element.abiHeadSize)
        return try reader.decodeSequence(Element.self, count: count)
    }
}

extension ABIReader {
    /// Reads `count` elements encoded as the members of a tuple at ``position``.
    @inlinable
    mutating func decodeSequence<T: ABIDecodable>(_: T.Type, count: Int) throws(ABIError) -> [T] {
        var frame = try beginTuple(headSize: count * T.abiHeadSize)
        var elements: [T] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try decodeComponent(T.self, in: &frame)) }
        endTuple(frame)
        return elements
    }
}

// MARK: - Structs

/// A Swift struct encoded as a Solidity struct (a tuple): conform by saying which tuple of fields it is.
///
/// ```swift
/// struct Session: ABIStruct {
///     var id: UInt256, tutor: Address, topic: String
///     var abiFields: ABITuple<UInt256, Address, String> { ABITuple(id, tutor, topic) }
///     init(abiFields f: ABITuple<UInt256, Address, String>) { (id, tutor, topic) = f.elements }
/// }
/// ```
public protocol ABIStruct: ABICodable {
    /// The tuple of fields, in the struct's order.
    associatedtype ABIFields: ABICodable
    /// This value's fields.
    var abiFields: ABIFields { get }
    /// A value from its fields.
    init(abiFields: ABIFields)
}

extension ABIStruct {
    public static var abiType: ABIType { ABIFields.abiType }
    @inlinable public static var isABIDynamic: Bool { ABIFields.isABIDynamic }
    @inlinable public static var abiHeadSize: Int { ABIFields.abiHeadSize }
    @inlinable public var abiEncodedSize: Int { abiFields.abiEncodedSize }
    public var abiValue: ABIValue { abiFields.abiValue }
    @inlinable public func encodeABI(to writer: inout ABIWriter) { abiFields.encodeABI(to: &writer) }
    @inlinable public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
        Self(abiFields: try ABIFields.decodeABI(from: &reader))
    }
}
