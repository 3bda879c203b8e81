import ABI
import EthPrimitives

// The ABI module's static path covers the Swift types bindings use for most ABI types (`UInt256`, `UInt8`…`Int64`,
// `Address`, `Bool`, `Hash`, `String`, arrays, tuples). The types below cover the rest on every platform, with the
// width or count given by a marker type: `bytes4` is `FixedBytes<Size4>`, `uint96` is `Unsigned<Size96>`,
// `uint256[3]` is `FixedArray<UInt256, Size3>`. Bindings convert them to and from the Swift types users see
// (`[UInt8]`, `UInt256`, `Int256`, arrays), after checking the fields' values fit.

extension ContractCodec {
    /// A number known when a binding is generated (a byte count, a bit width, an element count), as a type.
    public protocol StaticSize {
        /// The number.
        static var value: Int { get }
    }

    /// A `bytesN` value, N = `Size.value` (1…32).
    public struct FixedBytes<Size: StaticSize>: Sendable, Hashable, ABICodable {
        /// The N bytes.
        public let bytes: [UInt8]

        /// Wraps `bytes`.
        ///
        /// - Precondition: there are exactly N bytes (bindings check fields with
        ///   ``ContractCodec/checkFixedBytes(_:count:field:)`` first).
        public init(_ bytes: [UInt8]) {
            precondition(bytes.count == Size.value, "contracts: \(bytes.count) bytes for a bytes\(Size.value)")
            self.bytes = bytes
        }

        public static var abiType: ABIType { .fixedBytes(Size.value) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .fixedBytes(bytes) }

        public func encodeABI(to writer: inout ABIWriter) {
            writer.writePadded(bytes)
        }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            Self(try reader.readFixedBytes(count: Size.value))
        }
    }

    /// A `uintN` value, N = `Size.value` bits (a multiple of 8 up to 256), held in a `UInt256`.
    public struct Unsigned<Size: StaticSize>: Sendable, Hashable, ABICodable {
        /// The value, below 2^N.
        public let value: UInt256

        /// Wraps `value`.
        ///
        /// - Precondition: it fits in N bits (bindings check fields with
        ///   ``ContractCodec/checkUnsigned(_:bits:field:)`` first).
        public init(_ value: UInt256) {
            precondition(
                Size.value >= 256 || value.leadingZeroBitCount >= 256 - Size.value,
                "contracts: \(value) does not fit in uint\(Size.value)")
            self.value = value
        }

        public static var abiType: ABIType { .uint(Size.value) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .uint(value, bits: Size.value) }

        public func encodeABI(to writer: inout ABIWriter) {
            writer.writeWord(value)
        }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            Self(try reader.readUInt(bits: Size.value))
        }
    }

    /// An `intN` value, N = `Size.value` bits (a multiple of 8 up to 256), held in an `Int256`.
    public struct Signed<Size: StaticSize>: Sendable, Hashable, ABICodable {
        /// The value, in `-2^(N-1)…2^(N-1)-1`.
        public let value: Int256

        /// Wraps `value`.
        ///
        /// - Precondition: it fits in N bits (bindings check fields with
        ///   ``ContractCodec/checkSigned(_:bits:field:)`` first).
        public init(_ value: Int256) {
            precondition(
                ContractCodec.fits(value, bits: Size.value), "contracts: \(value) does not fit in int\(Size.value)")
            self.value = value
        }

        public static var abiType: ABIType { .int(Size.value) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .int(value, bits: Size.value) }

        public func encodeABI(to writer: inout ABIWriter) {
            writer.writeWord(value)
        }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            Self(try reader.readInt(bits: Size.value))
        }
    }

    /// A `T[k]` value, k = `Count.value` (at least 1), encoded like a tuple of k elements.
    public struct FixedArray<Element: ABICodable & Sendable & Hashable, Count: StaticSize>: Sendable, Hashable,
        ABICodable
    {
        /// The k elements.
        public let elements: [Element]

        /// Wraps `elements`.
        ///
        /// - Precondition: there are exactly k of them (bindings check fields with
        ///   ``ContractCodec/checkCount(_:count:type:field:)`` first).
        public init(_ elements: [Element]) {
            precondition(elements.count == Count.value, "contracts: \(elements.count) elements for a T[\(Count.value)]")
            self.elements = elements
        }

        public static var abiType: ABIType { .fixedArray(Element.abiType, Count.value) }
        public static var isABIDynamic: Bool { Element.isABIDynamic }
        public static var abiHeadSize: Int { Element.isABIDynamic ? 32 : Element.abiHeadSize * Count.value }

        public var abiEncodedSize: Int {
            guard Element.isABIDynamic else { return Self.abiHeadSize }
            var size = 0
            for element in elements { size += 32 + element.abiEncodedSize }
            return size
        }

        public var abiValue: ABIValue { .fixedArray(elements.map(\.abiValue)) }

        public func encodeABI(to writer: inout ABIWriter) {
            guard Element.isABIDynamic else {
                for element in elements { element.encodeABI(to: &writer) }
                return
            }
            // The heads are offsets from the start of the array to each element's data, which follow in order:
            // every size is known, so the offsets are written before the data.
            var offset = 32 * elements.count
            for element in elements {
                writer.writeWord(UInt64(offset))
                offset += element.abiEncodedSize
            }
            for element in elements { element.encodeABI(to: &writer) }
        }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            var frame = try reader.beginTuple(headSize: Count.value * Element.abiHeadSize)
            var elements: [Element] = []
            elements.reserveCapacity(Count.value)
            for _ in 0..<Count.value { elements.append(try reader.decodeComponent(Element.self, in: &frame)) }
            reader.endTuple(frame)
            return Self(elements)
        }
    }
}

/// A value of Solidity's external function type (`function` in a JSON ABI): a contract address and the selector of
/// one of its functions, encoded as 24 bytes left-aligned in a word.
public struct ExternalFunction: Sendable, Hashable, ABICodable, CustomStringConvertible {
    /// The contract.
    public var address: Address
    /// The function.
    public var selector: Selector

    /// The function with `selector` of the contract at `address`.
    public init(address: Address, selector: Selector) {
        self.address = address
        self.selector = selector
    }

    /// `0x<address><selector>`, lowercase.
    public var description: String { Hex.encode(address.bytes + selector.bytes) }

    public static var abiType: ABIType { .function }
    public static var isABIDynamic: Bool { false }
    public static var abiHeadSize: Int { 32 }
    public var abiEncodedSize: Int { 32 }
    public var abiValue: ABIValue { .function(address, selector) }

    public func encodeABI(to writer: inout ABIWriter) {
        writer.writeRaw(address)
        writer.writeRaw(selector)
        writer.writeZeros(count: 8)
    }

    public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> ExternalFunction {
        let (address, selector) = try reader.readFunction()
        return ExternalFunction(address: address, selector: selector)
    }
}
