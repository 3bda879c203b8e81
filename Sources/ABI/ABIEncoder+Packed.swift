import EthPrimitives

extension ABIEncoder {
    /// The non-standard packed encoding, as Solidity's `abi.encodePacked(values…)` gives it.
    ///
    /// The specification's rules: elementary values take only their own width (`uint16` two bytes, `int8` one
    /// byte in two's complement, `address` 20, `bool` 1, `bytesN` N) with no padding or sign extension; `bytes`
    /// and `string` are written in place without their length; the elements of an array of elementary values are
    /// each padded to a word, still without a length. Tuples, nested arrays and arrays of `bytes` or `string` have
    /// no packed encoding. The result is ambiguous (`("a","bc")` and `("ab","c")` pack the same), so it is for
    /// hashing and signing schemes, never for decoding.
    ///
    /// - Throws: ``ABIError/notPackable(_:)`` for a type packed mode lacks, or the checks of ``encode(_:as:)``.
    public static func encodePacked(_ values: [ABIValue], as types: [ABIType]) throws(ABIError) -> [UInt8] {
        try ABIType.validate(types)
        guard values.count == types.count else {
            throw .wrongCount(path: "list", expected: types.count, actual: values.count)
        }
        var size = 0
        for (index, (value, type)) in zip(values, types).enumerated() {
            try checkPackable(type)
            do {
                _ = try checkedSize(of: value, as: type)
            } catch {
                throw error.prefixingPath("\(index)")
            }
            size += packedSize(of: value, as: type)
        }
        return ABIWriter.withBuffer(size: size) { writer in
            for (value, type) in zip(values, types) { writePacked(value, as: type, to: &writer) }
        }
    }

    /// Throws unless packed mode can encode `type`.
    static func checkPackable(_ type: ABIType) throws(ABIError) {
        switch type {
        case .tuple: throw .notPackable(type)
        case .array(let element), .fixedArray(let element, _):
            guard element.isElementary else { throw .notPackable(type) }
        default: break
        }
    }

    /// The width of an elementary type in packed mode.
    static func packedWidth(_ type: ABIType) -> Int {
        switch type {
        case .uint(let bits), .int(let bits), .fixed(let bits, _), .ufixed(let bits, _): bits / 8
        case .address: 20
        case .bool: 1
        case .fixedBytes(let size): size
        case .function: 24
        default: 32
        }
    }

    private static func packedSize(of value: ABIValue, as type: ABIType) -> Int {
        switch value {
        case .bytes(let bytes): bytes.count
        case .string(let string): string.utf8.count
        case .array(let elements), .fixedArray(let elements): 32 * elements.count
        default: packedWidth(type)
        }
    }

    private static func writePacked(_ value: ABIValue, as type: ABIType, to writer: inout ABIWriter) {
        switch value {
        case .uint(let number, _): writer.writeLowBytes(of: number, count: packedWidth(type))
        case .int(let number, _): writer.writeLowBytes(of: UInt256(bitPattern: number), count: packedWidth(type))
        case .ufixed(let raw, _, _): writer.writeLowBytes(of: raw, count: packedWidth(type))
        case .fixed(let raw, _, _): writer.writeLowBytes(of: UInt256(bitPattern: raw), count: packedWidth(type))
        case .address(let address): writer.writeRaw(address)
        case .bool(let flag): writer.writeRaw(CollectionOfOne(flag ? 1 : 0))
        case .fixedBytes(let bytes), .bytes(let bytes): writer.writeRaw(bytes)
        case .string(let string): writer.writeRaw(string.utf8)
        case .function(let address, let selector):
            writer.writeRaw(address)
            writer.writeRaw(selector)
        case .array(let elements), .fixedArray(let elements):
            let element = type.elementType!
            for item in elements { write(item, as: element, to: &writer) }
        case .tuple:
            preconditionFailure("abi: tuples have no packed encoding")
        }
    }
}
