public import EthPrimitives

/// Where EIP-712 encoding writes its words: straight into a Keccak-256 hasher when only the hash is wanted (no
/// intermediate buffer), or into bytes for ``TypedDataTypes/encodeData(_:_:)``.
///
/// The one place in `Signing` that handles raw buffers; everything above it works with values.
protocol EncodedDataSink {
    mutating func append(_ bytes: UnsafeRawBufferPointer)
}

extension Keccak256: EncodedDataSink {
    mutating func append(_ bytes: UnsafeRawBufferPointer) { update(bytes) }
}

/// Collects encoded bytes.
struct ByteSink: EncodedDataSink {
    var bytes: [UInt8] = []

    mutating func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer)
    }
}

private let zeroWord = [UInt8](repeating: 0, count: 32)

extension EncodedDataSink {
    /// Appends the 32 bytes of `hash`.
    mutating func append(_ hash: Hash) {
        hash.withUnsafeBytes { append($0) }
    }

    /// Appends `value` as a 32-byte big-endian word, through a stack buffer.
    mutating func appendWord(_ value: UInt256) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            value.write(bigEndianTo: buffer)
            append(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Appends `count` (at most 32) zero bytes.
    mutating func appendZeros(_ count: Int) {
        zeroWord.withUnsafeBytes { append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// Appends one byte.
    mutating func append(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { append($0) }
    }
}
