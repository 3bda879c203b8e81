import EthPrimitives

/// Encodes values as the Solidity ABI lays them out: function arguments and results, event data, errors.
///
/// Two paths give the same bytes. The dynamic path takes ``ABIValue``s and ``ABIType``s decided at run time and
/// checks every value against its type first. The static path takes Swift values whose types conform to
/// ``ABIEncodable`` and needs no checks. Both compute the exact size first and write once into a buffer of that
/// size, so encoding is linear in the output, whatever the nesting.
///
/// ```swift
/// let call = ABIEncoder.encodeCall(selector: transfer.selector, recipient, amount)        // static
/// let data = try ABIEncoder.encode([.address(recipient), .uint256(amount)], as: [.address, .uint(256)])
/// ```
public enum ABIEncoder {
    /// `length` rounded up to a whole number of 32-byte words.
    @inlinable
    public static func paddedLength(_ length: Int) -> Int {
        (length &+ 31) & ~31
    }

    // MARK: Static path

    /// The encoding of `values` as a tuple, as Solidity's `abi.encode(values…)` gives it (function arguments
    /// without a selector, return values, event data).
    @inlinable
    public static func encode<each T: ABIEncodable>(_ values: repeat each T) -> [UInt8] {
        var size = 0
        repeat addMemberSize(each values, to: &size)
        return ABIWriter.withBuffer(size: size) { writeMembers(repeat each values, to: &$0) }
    }

    /// Calldata: `selector` followed by the encoding of `values`.
    @inlinable
    public static func encodeCall<each T: ABIEncodable>(selector: Selector, _ values: repeat each T) -> [UInt8] {
        var size = 4
        repeat addMemberSize(each values, to: &size)
        return ABIWriter.withBuffer(size: size) { writer in
            writer.writeRaw(selector)
            writeMembers(repeat each values, to: &writer)
        }
    }

    // MARK: Dynamic path

    /// The encoding of `values` as a tuple of `types` (function arguments without a selector, return values,
    /// event data).
    ///
    /// - Throws: ``ABIError/wrongCount(path:expected:actual:)`` when the counts differ,
    ///   ``ABIError/typeMismatch(path:expected:actual:)`` or ``ABIError/valueOutOfRange(path:type:value:)`` naming
    ///   the first value that does not fit its type, or the ``ABIType/validate()`` errors for an invalid type.
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIError) -> [UInt8] {
        try encode(values, as: types, prefix: nil)
    }

    /// Calldata: `selector` followed by the encoding of `values` as `types`.
    ///
    /// - Throws: as ``encode(_:as:)``.
    public static func encodeCall(selector: Selector, _ values: [ABIValue], as types: [ABIType]) throws(ABIError)
        -> [UInt8]
    {
        try encode(values, as: types, prefix: selector)
    }

    static func encode(_ values: [ABIValue], as types: [ABIType], prefix: Selector?) throws(ABIError) -> [UInt8] {
        try ABIType.validate(types)
        guard values.count == types.count else {
            throw .wrongCount(path: "list", expected: types.count, actual: values.count)
        }
        var size = 0
        for (index, (value, type)) in zip(values, types).enumerated() {
            do {
                let valueSize = try checkedSize(of: value, as: type)
                size += type.isDynamic ? 32 + valueSize : valueSize
            } catch {
                throw error.prefixingPath("\(index)")
            }
        }
        return ABIWriter.withBuffer(size: size + (prefix == nil ? 0 : 4)) { writer in
            if let prefix { writer.writeRaw(prefix) }
            writeMembers(values, as: types, to: &writer)
        }
    }

    /// Checks `value` against `type` and returns the length of its encoding (`enc(X)`).
    static func checkedSize(of value: ABIValue, as type: ABIType) throws(ABIError) -> Int {
        switch (type, value) {
        case (.uint(let bits), .uint(let number, _)):
            guard bits == 256 || number.leadingZeroBitCount >= 256 - bits else {
                throw .valueOutOfRange(path: "", type: type, value: number.description)
            }
            return 32
        case (.int(let bits), .int(let number, _)):
            guard fits(number, bits: bits) else {
                throw .valueOutOfRange(path: "", type: type, value: number.description)
            }
            return 32
        case (.fixed(let bits, let decimals), .fixed(let raw, _, let valueDecimals)) where decimals == valueDecimals:
            guard fits(raw, bits: bits) else {
                throw .valueOutOfRange(path: "", type: type, value: ABIValue.decimalText(raw.description, decimals))
            }
            return 32
        case (.ufixed(let bits, let decimals), .ufixed(let raw, _, let valueDecimals)) where decimals == valueDecimals:
            guard bits == 256 || raw.leadingZeroBitCount >= 256 - bits else {
                throw .valueOutOfRange(path: "", type: type, value: ABIValue.decimalText(raw.description, decimals))
            }
            return 32
        case (.address, .address), (.bool, .bool), (.function, .function):
            return 32
        case (.fixedBytes(let size), .fixedBytes(let bytes)):
            guard bytes.count == size else {
                throw .valueOutOfRange(path: "", type: type, value: "\(bytes.count) bytes")
            }
            return 32
        case (.bytes, .bytes(let bytes)):
            return 32 + paddedLength(bytes.count)
        case (.string, .string(let string)):
            return 32 + paddedLength(string.utf8.count)
        case (.array(let element), .array(let elements)), (.array(let element), .fixedArray(let elements)):
            return 32 + (try checkedSequenceSize(elements, as: element))
        case (.fixedArray(let element, let count), .fixedArray(let elements)),
            (.fixedArray(let element, let count), .array(let elements)):
            guard elements.count == count else { throw .wrongCount(path: "", expected: count, actual: elements.count) }
            return try checkedSequenceSize(elements, as: element)
        case (.tuple(let types), .tuple(let values)):
            guard values.count == types.count else {
                throw .wrongCount(path: "", expected: types.count, actual: values.count)
            }
            var size = 0
            for (index, (value, type)) in zip(values, types).enumerated() {
                do {
                    let valueSize = try checkedSize(of: value, as: type)
                    size += type.isDynamic ? 32 + valueSize : valueSize
                } catch {
                    throw error.prefixingPath(".\(index)")
                }
            }
            return size
        default:
            throw .typeMismatch(path: "", expected: type, actual: value.kindDescription)
        }
    }

    private static func checkedSequenceSize(_ elements: [ABIValue], as type: ABIType) throws(ABIError) -> Int {
        let dynamic = type.isDynamic
        var size = dynamic ? 0 : elements.count * type.headSize
        for (index, element) in elements.enumerated() {
            do {
                let elementSize = try checkedSize(of: element, as: type)
                if dynamic { size += 32 + elementSize }
            } catch {
                throw error.prefixingPath("[\(index)]")
            }
        }
        return size
    }

    /// True when `number` is in the range of a `bits`-bit two's complement integer.
    static func fits(_ number: Int256, bits: Int) -> Bool {
        guard bits < 256 else { return true }
        let top = UInt256(bitPattern: number) >> (bits - 1)
        return top == UInt256.zero || top == UInt256.max >> (bits - 1)
    }

    /// Writes a value already checked by ``checkedSize(of:as:)``.
    static func write(_ value: ABIValue, as type: ABIType, to writer: inout ABIWriter) {
        switch (type, value) {
        case (_, .uint(let number, _)): writer.writeWord(number)
        case (_, .int(let number, _)): writer.writeWord(number)
        case (_, .fixed(let raw, _, _)): writer.writeWord(raw)
        case (_, .ufixed(let raw, _, _)): writer.writeWord(raw)
        case (_, .address(let address)): writer.writeAddress(address)
        case (_, .bool(let flag)): writer.writeBool(flag)
        case (_, .fixedBytes(let bytes)): writer.writePadded(bytes)
        case (_, .function(let address, let selector)):
            writer.writeRaw(address)
            writer.writeRaw(selector)
            writer.writeZeros(count: 8)
        case (_, .bytes(let bytes)): writer.writeBytes(bytes)
        case (_, .string(let string)): writer.writeString(string)
        case (.array(let element), .array(let elements)), (.array(let element), .fixedArray(let elements)):
            writer.writeWord(UInt64(elements.count))
            writeSequence(elements, as: element, to: &writer)
        case (.fixedArray(let element, _), .array(let elements)),
            (.fixedArray(let element, _), .fixedArray(let elements)):
            writeSequence(elements, as: element, to: &writer)
        case (.tuple(let types), .tuple(let values)):
            writeMembers(values, as: types, to: &writer)
        default:
            preconditionFailure("abi: \(value.kindDescription) written as \(type) without being checked")
        }
    }

    /// Writes tuple members: heads (static values, placeholders for offsets), then each dynamic member's data with
    /// its offset filled in.
    static func writeMembers(_ values: [ABIValue], as types: [ABIType], to writer: inout ABIWriter) {
        let base = writer.position
        var anyDynamic = false
        for (value, type) in zip(values, types) {
            if type.isDynamic {
                _ = writer.reserveWord()
                anyDynamic = true
            } else {
                write(value, as: type, to: &writer)
            }
        }
        guard anyDynamic else { return }
        var slot = base
        for (value, type) in zip(values, types) {
            if type.isDynamic {
                writer.writeOffset(writer.position - base, at: slot)
                write(value, as: type, to: &writer)
                slot += 32
            } else {
                slot += type.headSize
            }
        }
    }

    private static func writeSequence(_ elements: [ABIValue], as type: ABIType, to writer: inout ABIWriter) {
        guard type.isDynamic else {
            for element in elements { write(element, as: type, to: &writer) }
            return
        }
        let base = writer.position
        for _ in elements { _ = writer.reserveWord() }
        var slot = base
        for element in elements {
            writer.writeOffset(writer.position - base, at: slot)
            write(element, as: type, to: &writer)
            slot += 32
        }
    }
}

extension ABIError {
    /// The same error with `segment` put in front of its value path (`"1"` + `"[2]"` → `"1[2]"`).
    func prefixingPath(_ segment: String) -> ABIError {
        switch self {
        case .typeMismatch(let path, let expected, let actual):
            .typeMismatch(path: segment + path, expected: expected, actual: actual)
        case .valueOutOfRange(let path, let type, let value):
            .valueOutOfRange(path: segment + path, type: type, value: value)
        case .wrongCount(let path, let expected, let actual) where path != "list":
            .wrongCount(path: segment + path, expected: expected, actual: actual)
        default:
            self
        }
    }
}
