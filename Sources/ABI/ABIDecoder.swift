import EthPrimitives

/// Decodes ABI encodings (function arguments and results, event data, errors), safely on hostile input.
///
/// Every offset and length is checked against the input before it is followed, and a length can never make the
/// decoder reserve more elements than the input could hold. Words with dirty bits are refused: non-zero bits above
/// a `uintN`, `address` or `function`, an `intN` that is not sign-extended, a `bool` other than 0 or 1, non-zero
/// padding after `bytesN`, `bytes` and `string` data; `string` must be UTF-8. Each refusal is an ``ABIError`` with
/// the byte offset of the problem.
///
/// In ``Mode/strict`` mode (the default) only the canonical encoding is accepted, so whatever decodes re-encodes to
/// the same bytes: offsets must point exactly where an encoder puts the data, and nothing may follow the encoding.
/// ``Mode/lenient`` accepts what Solidity's own decoder accepts: offsets anywhere in the input (even shared by
/// several values), missing padding at the very end and trailing bytes; it bounds the work shared offsets can cause
/// with ``inflationLimit``.
public enum ABIDecoder {
    /// How closely the input must follow the canonical encoding.
    public enum Mode: Sendable, Hashable {
        /// Canonical encodings only: offsets where an encoder puts the data, full padding, no trailing bytes.
        case strict
        /// Solidity's rules: offsets may point anywhere inside the input, trailing bytes are ignored.
        case lenient
    }

    /// In lenient mode, how many times its input's size the decoded data may take before decoding stops with
    /// ``ABIError/inflationLimitExceeded(offset:)`` (offsets that all point at one large value would otherwise make
    /// a small input decode into an enormous one).
    public static let inflationLimit = 16

    // MARK: Static path

    /// Decodes `data` as a tuple of the given Swift types: `let (to, amount) = try ABIDecoder.decode(Address.self,
    /// UInt256.self, from: data)`.
    ///
    /// - Throws: ``ABIError`` naming the first rule the data breaks and where.
    @inlinable
    public static func decode<each T: ABIDecodable, Bytes: Collection<UInt8>>(
        _ types: repeat (each T).Type, from data: Bytes, mode: Mode = .strict
    ) throws(ABIError) -> (repeat each T) {
        try withContiguousBytes(data) { (raw) throws(ABIError) in
            try ABIReader.withReader(raw, mode: mode, errorBias: 0) { (reader) throws(ABIError) in
                let values = try reader.decodeMembers(repeat (each T).self)
                try finish(reader)
                return values
            }
        }
    }

    /// Decodes calldata: checks that it starts with `selector`, then decodes the arguments after it as the given
    /// Swift types. Errors report offsets from the start of the calldata.
    ///
    /// - Throws: ``ABIError/selectorMismatch(expected:actual:)``, or as ``decode(_:from:mode:)-(_,_,_)``.
    @inlinable
    public static func decodeCall<each T: ABIDecodable, Bytes: Collection<UInt8>>(
        selector: Selector, _ types: repeat (each T).Type, from calldata: Bytes, mode: Mode = .strict
    ) throws(ABIError) -> (repeat each T) {
        try withContiguousBytes(calldata) { (raw) throws(ABIError) in
            let arguments = try checkSelector(selector, of: raw)
            return try ABIReader.withReader(arguments, mode: mode, errorBias: 4) { (reader) throws(ABIError) in
                let values = try reader.decodeMembers(repeat (each T).self)
                try finish(reader)
                return values
            }
        }
    }

    // MARK: Dynamic path

    /// Decodes `data` as a tuple of `types`.
    ///
    /// - Throws: ``ABIError`` naming the first rule the data breaks and its byte offset; the
    ///   ``ABIType/validate()`` errors for an invalid type.
    public static func decode<Bytes: Collection<UInt8>>(_ types: [ABIType], from data: Bytes, mode: Mode = .strict)
        throws(ABIError) -> [ABIValue]
    {
        try ABIType.validate(types)
        return try withContiguousBytes(data) { (raw) throws(ABIError) in
            try decode(types, raw: raw, mode: mode, errorBias: 0)
        }
    }

    /// Decodes calldata: checks that it starts with `selector`, then decodes the arguments after it as `types`.
    /// Errors report offsets from the start of the calldata.
    ///
    /// - Throws: ``ABIError/selectorMismatch(expected:actual:)``, or as ``decode(_:from:mode:)-(_,Bytes,_)``.
    public static func decodeCall<Bytes: Collection<UInt8>>(
        selector: Selector, _ types: [ABIType], from calldata: Bytes, mode: Mode = .strict
    ) throws(ABIError) -> [ABIValue] {
        try ABIType.validate(types)
        return try withContiguousBytes(calldata) { (raw) throws(ABIError) in
            let arguments = try checkSelector(selector, of: raw)
            return try decode(types, raw: arguments, mode: mode, errorBias: 4)
        }
    }

    static func decode(_ types: [ABIType], raw: UnsafeRawBufferPointer, mode: Mode, errorBias: Int)
        throws(ABIError) -> [ABIValue]
    {
        try ABIReader.withReader(raw, mode: mode, errorBias: errorBias) { (reader) throws(ABIError) in
            let values = try reader.decodeMembers(types)
            try finish(reader)
            return values
        }
    }

    // MARK: Helpers

    /// Strict mode: throws if bytes follow the end of the encoding.
    @inlinable
    static func finish(_ reader: borrowing ABIReader) throws(ABIError) {
        if reader.strict, reader.position != reader.count {
            throw .trailingBytes(
                offset: reader.position + reader.errorBias, count: reader.count - reader.position)
        }
    }

    /// The arguments after a selector, after checking the selector.
    @inlinable
    static func checkSelector(_ selector: Selector, of calldata: UnsafeRawBufferPointer) throws(ABIError)
        -> UnsafeRawBufferPointer
    {
        guard calldata.count >= 4 else { throw .inputTooShort(offset: 0, needed: 4, available: calldata.count) }
        let actual = try! Selector(UnsafeRawBufferPointer(rebasing: calldata[0..<4]))
        guard actual == selector else { throw .selectorMismatch(expected: selector, actual: actual) }
        return UnsafeRawBufferPointer(rebasing: calldata[4...])
    }

    /// Runs `body` over the bytes of `data`, copying them only when they are not contiguous already.
    @inlinable
    static func withContiguousBytes<Bytes: Collection<UInt8>, R>(
        _ data: Bytes, _ body: (UnsafeRawBufferPointer) throws(ABIError) -> R
    ) throws(ABIError) -> R {
        let result: Result<R, ABIError>? = data.withContiguousStorageIfAvailable { buffer in
            do throws(ABIError) {
                return .success(try body(UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        if let result { return try result.get() }
        let copy = Array(data)
        return try copy.withUnsafeBytes { raw -> Result<R, ABIError> in
            do throws(ABIError) {
                return .success(try body(raw))
            } catch {
                return .failure(error)
            }
        }.get()
    }
}

extension ABIReader {
    /// Decodes a tuple of `types` at ``position``.
    mutating func decodeMembers(_ types: [ABIType]) throws(ABIError) -> [ABIValue] {
        var headSize = 0
        for type in types { headSize += type.headSize }
        var frame = try beginTuple(headSize: headSize)
        var values: [ABIValue] = []
        values.reserveCapacity(types.count)
        for type in types { values.append(try decodeMember(type, in: &frame)) }
        endTuple(frame)
        return values
    }

    /// Decodes the next member of a tuple (or element of an array) of type `type`.
    mutating func decodeMember(_ type: ABIType, in frame: inout ABITupleFrame) throws(ABIError) -> ABIValue {
        if type.isDynamic {
            return try decodeTail(in: &frame) { (reader: inout ABIReader) throws(ABIError) in
                try reader.decodeValue(type)
            }
        }
        cursor = frame.head
        let value = try decodeValue(type)
        frame.head += type.headSize
        return value
    }

    /// Decodes a value of `type` whose encoding starts at ``position``.
    mutating func decodeValue(_ type: ABIType) throws(ABIError) -> ABIValue {
        switch type {
        case .uint(let bits): return .uint(try readUInt(bits: bits), bits: bits)
        case .int(let bits): return .int(try readInt(bits: bits), bits: bits)
        case .address: return .address(try readAddress())
        case .bool: return .bool(try readBool())
        case .fixedBytes(let size): return .fixedBytes(try readFixedBytes(count: size))
        case .function:
            let (address, selector) = try readFunction()
            return .function(address, selector)
        case .fixed(let bits, let decimals):
            return .fixed(try readInt(bits: bits), bits: bits, decimals: decimals)
        case .ufixed(let bits, let decimals):
            return .ufixed(try readUInt(bits: bits), bits: bits, decimals: decimals)
        case .bytes: return .bytes(try readBytes())
        case .string: return .string(try readString())
        case .array(let element):
            let count = try readLength(itemSize: element.headSize)
            return .array(try decodeElements(element, count: count))
        case .fixedArray(let element, let count):
            return .fixedArray(try decodeElements(element, count: count))
        case .tuple(let types):
            return .tuple(try decodeMembers(types))
        }
    }

    private mutating func decodeElements(_ type: ABIType, count: Int) throws(ABIError) -> [ABIValue] {
        let headSize = type.headSize
        let dynamic = type.isDynamic
        var frame = try beginTuple(headSize: count * headSize)
        var values: [ABIValue] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            if dynamic {
                values.append(
                    try decodeTail(in: &frame) { (reader: inout ABIReader) throws(ABIError) in
                        try reader.decodeValue(type)
                    })
            } else {
                cursor = frame.head
                values.append(try decodeValue(type))
                frame.head += headSize
            }
        }
        endTuple(frame)
        return values
    }
}
