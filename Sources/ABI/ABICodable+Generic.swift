#if compiler(>=6.2)
    import EthPrimitives

    // Static-path types whose size is a generic value (Swift 6.2's integer generic parameters): fixed arrays,
    // fixed byte strings and integers of any width. They need the Swift 6.2 runtime (macOS 26 and its peers).

    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    extension InlineArray: ABIRepresentable where Element: ABIRepresentable {
        /// `T[k]`.
        public static var abiType: ABIType { .fixedArray(Element.abiType, count) }
        public static var isABIDynamic: Bool { Element.isABIDynamic }
        public static var abiHeadSize: Int { Element.isABIDynamic ? 32 : Element.abiHeadSize * count }
    }

    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    extension InlineArray: ABIEncodable where Element: ABIEncodable {
        public var abiEncodedSize: Int {
            guard Element.isABIDynamic else { return Self.abiHeadSize }
            var size = 0
            for index in indices { size += 32 + self[index].abiEncodedSize }
            return size
        }

        public var abiValue: ABIValue {
            var values: [ABIValue] = []
            for index in indices { values.append(self[index].abiValue) }
            return .fixedArray(values)
        }

        public func encodeABI(to writer: inout ABIWriter) {
            guard Element.isABIDynamic else {
                for index in indices { self[index].encodeABI(to: &writer) }
                return
            }
            let base = writer.position
            for _ in indices { _ = writer.reserveWord() }
            var slot = base
            for index in indices {
                writer.writeOffset(writer.position - base, at: slot)
                self[index].encodeABI(to: &writer)
                slot += 32
            }
        }
    }

    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    extension InlineArray: ABIDecodable where Element: ABIDecodable {
        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            var frame = try reader.beginTuple(headSize: count * Element.abiHeadSize)
            let elements = try Self { (_) throws(ABIError) in try reader.decodeComponent(Element.self, in: &frame) }
            reader.endTuple(frame)
            return elements
        }
    }

    /// A `bytesN` value for the static path, N from 1 to 32, stored inline: `ABIFixedBytes<4>` is `bytes4`.
    /// (`bytes32` is ``EthPrimitives/Hash``.)
    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    public struct ABIFixedBytes<let count: Int>: Sendable, Hashable, ABICodable, CustomStringConvertible {
        /// The bytes.
        public let storage: InlineArray<count, UInt8>

        /// `bytes` as a `bytesN` value.
        ///
        /// - Throws: ``ABIError/valueOutOfRange(path:type:value:)`` unless there are exactly `count` bytes, or
        ///   ``ABIError/unknownType(_:offset:)`` when `count` is not 1…32.
        public init(_ bytes: some Collection<UInt8>) throws(ABIError) {
            guard (1...32).contains(count) else { throw .unknownType("bytes\(count)", offset: 0) }
            guard bytes.count == count else {
                throw .valueOutOfRange(path: "", type: .fixedBytes(count), value: "\(bytes.count) bytes")
            }
            let array = Array(bytes)
            storage = InlineArray { array[$0] }
        }

        /// The bytes as an array.
        public var bytes: [UInt8] {
            var array: [UInt8] = []
            array.reserveCapacity(count)
            for index in storage.indices { array.append(storage[index]) }
            return array
        }

        /// Lowercase `0x` hex.
        public var description: String { Hex.encode(bytes) }

        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.bytes == rhs.bytes }
        public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

        public static var abiType: ABIType { .fixedBytes(count) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .fixedBytes(bytes) }

        public func encodeABI(to writer: inout ABIWriter) {
            writer.writePadded(bytes)
        }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            guard (1...32).contains(count) else { throw .unknownType("bytes\(count)", offset: 0) }
            return try Self(try reader.readFixedBytes(count: count))
        }
    }

    /// A `uintN` of any width for the static path: `ABIUnsigned<96>` is `uint96`, its value checked to fit.
    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    public struct ABIUnsigned<let bits: Int>: Sendable, Hashable, ABICodable, CustomStringConvertible {
        /// The value, below 2^bits.
        public let value: UInt256

        /// `value` as a `uintN`.
        ///
        /// - Throws: ``ABIError/valueOutOfRange(path:type:value:)`` when it needs more than `bits` bits, or
        ///   ``ABIError/unknownType(_:offset:)`` when `bits` is not a multiple of 8 from 8 to 256.
        public init(_ value: UInt256) throws(ABIError) {
            guard ABIType.isValidIntegerWidth(bits) else { throw .unknownType("uint\(bits)", offset: 0) }
            guard bits == 256 || value.leadingZeroBitCount >= 256 - bits else {
                throw .valueOutOfRange(path: "", type: .uint(bits), value: value.description)
            }
            self.value = value
        }

        /// Decimal.
        public var description: String { value.description }

        public static var abiType: ABIType { .uint(bits) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .uint(value, bits: bits) }
        public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(value) }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            guard ABIType.isValidIntegerWidth(bits) else { throw .unknownType("uint\(bits)", offset: 0) }
            return try Self(try reader.readUInt(bits: bits))
        }
    }

    /// An `intN` of any width for the static path: `ABISigned<24>` is `int24`, its value checked to fit.
    @available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *)
    public struct ABISigned<let bits: Int>: Sendable, Hashable, ABICodable, CustomStringConvertible {
        /// The value, from -2^(bits-1) to 2^(bits-1) - 1.
        public let value: Int256

        /// `value` as an `intN`.
        ///
        /// - Throws: ``ABIError/valueOutOfRange(path:type:value:)`` when it is outside the type's range, or
        ///   ``ABIError/unknownType(_:offset:)`` when `bits` is not a multiple of 8 from 8 to 256.
        public init(_ value: Int256) throws(ABIError) {
            guard ABIType.isValidIntegerWidth(bits) else { throw .unknownType("int\(bits)", offset: 0) }
            guard ABIEncoder.fits(value, bits: bits) else {
                throw .valueOutOfRange(path: "", type: .int(bits), value: value.description)
            }
            self.value = value
        }

        /// Decimal.
        public var description: String { value.description }

        public static var abiType: ABIType { .int(bits) }
        public static var isABIDynamic: Bool { false }
        public static var abiHeadSize: Int { 32 }
        public var abiEncodedSize: Int { 32 }
        public var abiValue: ABIValue { .int(value, bits: bits) }
        public func encodeABI(to writer: inout ABIWriter) { writer.writeWord(value) }

        public static func decodeABI(from reader: inout ABIReader) throws(ABIError) -> Self {
            guard ABIType.isValidIntegerWidth(bits) else { throw .unknownType("int\(bits)", offset: 0) }
            return try Self(try reader.readInt(bits: bits))
        }
    }
#endif
