/// Keccak-256, the hash Ethereum uses everywhere (addresses, selectors, transaction hashes, storage slots).
///
/// This is the original Keccak submission with padding `0x01 … 0x80`, as Ethereum adopted it before NIST
/// standardised SHA3-256 (which pads with `0x06`); the two give different digests for the same input.
///
/// Hash a whole input at once with one of the `hash(_:)` functions (bytes, a raw buffer, or a string's UTF-8), or
/// feed it piece by piece:
///
/// ```swift
/// var hasher = Keccak256()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalize()
/// ```
///
/// The hasher is a value (about 350 bytes inline, no heap): copying it forks the computation.
public struct Keccak256: Sendable {
    /// 136 bytes, one block at the rate of Keccak-256, as 17 words.
    @usableFromInline
    typealias Block = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64
    )

    /// The sponge state after every whole block absorbed so far.
    @usableFromInline var state: KeccakF1600.State
    /// Input bytes not yet absorbed: the first `pendingCount` bytes of a block.
    @usableFromInline var pending: Block
    /// How many bytes of `pending` are filled, always less than 136.
    @usableFromInline var pendingCount: Int

    /// A hasher that has absorbed nothing yet.
    @inlinable
    public init() {
        state = KeccakF1600.State()
        pending = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        pendingCount = 0
    }

    /// Absorbs `bytes`. Contiguous collections (`[UInt8]`, `Data`, `ArraySlice`, a string's UTF-8 view) are read in
    /// place; other collections are copied through a small stack buffer.
    @inlinable
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { updateByElement(bytes) }
    }

    /// Absorbs the bytes of `buffer`.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var input = buffer.baseAddress, buffer.count > 0 else { return }
        var remaining = buffer.count
        let rate = KeccakF1600.rate
        if pendingCount > 0 {
            let take = min(rate - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + offset).copyMemory(from: input, byteCount: take)
            }
            pendingCount += take
            input += take
            remaining -= take
            guard pendingCount == rate else { return }
            withUnsafeBytes(of: pending) { block in
                KeccakF1600.absorb(&state, blocks: block.baseAddress!, blockCount: 1)
            }
            pendingCount = 0
        }
        let blockCount = remaining / rate
        if blockCount > 0 {
            KeccakF1600.absorb(&state, blocks: input, blockCount: blockCount)
            input += blockCount * rate
            remaining -= blockCount * rate
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: input, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    /// Absorbs a collection without contiguous storage, a block-sized chunk at a time.
    @inlinable
    mutating func updateByElement(_ bytes: some Collection<UInt8>) {
        var chunk: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &chunk) { chunk in
            var filled = 0
            for byte in bytes {
                chunk[filled] = byte
                filled += 1
                if filled == chunk.count {
                    update(UnsafeRawBufferPointer(chunk))
                    filled = 0
                }
            }
            update(UnsafeRawBufferPointer(rebasing: chunk[..<filled]))
        }
    }

    /// Pads the input absorbed so far and returns its digest. The hasher is consumed; copy it first to keep
    /// absorbing after a digest of the prefix.
    public consuming func finalize() -> Hash {
        let filled = pendingCount
        var last = pending
        withUnsafeMutableBytes(of: &last) { block in
            block[filled...].initializeMemory(as: UInt8.self, repeating: 0)
            block[filled] ^= 0x01
            block[KeccakF1600.rate - 1] ^= 0x80
            KeccakF1600.absorb(&state, blocks: block.baseAddress!, blockCount: 1)
        }
        return state.digest
    }

    /// The Keccak-256 digest of `bytes`. Contiguous collections are hashed in place, without allocating.
    @inlinable
    public static func hash(_ bytes: some Collection<UInt8>) -> Hash {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        var hasher = Keccak256()
        hasher.updateByElement(bytes)
        return hasher.finalize()
    }

    /// The Keccak-256 digest of the bytes of `buffer`, without allocating.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> Hash {
        var state = KeccakF1600.State()
        let rate = KeccakF1600.rate
        let count = buffer.count
        let blockCount = count / rate
        if blockCount > 0 {
            KeccakF1600.absorb(&state, blocks: buffer.baseAddress!, blockCount: blockCount)
        }
        let tail = count - blockCount * rate
        var last: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &last) { block in
            if tail > 0 {
                block.baseAddress!.copyMemory(from: buffer.baseAddress! + blockCount * rate, byteCount: tail)
            }
            block[tail] ^= 0x01
            block[rate - 1] ^= 0x80
            KeccakF1600.absorb(&state, blocks: block.baseAddress!, blockCount: 1)
        }
        return state.digest
    }

    /// The Keccak-256 digest of the UTF-8 encoding of `string` (what Solidity's `keccak256(bytes(s))` computes).
    @inlinable
    public static func hash(_ string: String) -> Hash {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
