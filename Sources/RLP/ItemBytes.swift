import EthPrimitives

/// The bytes of an ``RLPItem`` byte string: up to 32 bytes (every integer, address and hash on the wire) are kept
/// inline, with no allocation and no reference counting; longer ones are a view of the decoder's input (or of the
/// array they were made from), so decoding copies nothing large.
///
/// It is a random-access collection of `UInt8` indexed from 0, equal to another when the bytes are equal.
/// `Array(bytes)` copies them out.
public struct RLPBytes: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    /// The longest byte string kept inline.
    public static let inlineCapacity = 32

    @usableFromInline enum Storage: Sendable {
        /// Up to 32 bytes in four words, byte `i` at memory offset `i` (so word `k` read as little-endian holds
        /// bytes `8k…8k+7`, lowest first, on any host).
        case inline(UInt64, UInt64, UInt64, UInt64, count: UInt8)
        case shared(ArraySlice<UInt8>)
    }

    @usableFromInline var storage: Storage

    @inlinable
    init(storage: Storage) {
        self.storage = storage
    }

    /// The bytes of `slice`: copied inline when short, shared (no copy) when longer.
    @inlinable
    public init(_ slice: ArraySlice<UInt8>) {
        if slice.count <= Self.inlineCapacity {
            storage = Self.pack(slice, from: slice.startIndex, count: slice.count)
        } else {
            storage = .shared(slice)
        }
    }

    /// The bytes of `array`: copied inline when short, shared (no copy) when longer.
    @inlinable
    public init(_ array: [UInt8]) {
        self.init(array[...])
    }

    /// The bytes of any sequence, copied.
    @inlinable
    public init(_ bytes: some Sequence<UInt8>) {
        self.init(Array(bytes)[...])
    }

    /// The `count` bytes of `source` from index `start`: packed inline when short, a view when longer.
    @inlinable @inline(__always)
    init(_ source: borrowing ArraySlice<UInt8>, from start: Int, count: Int) {
        if count <= Self.inlineCapacity {
            storage = Self.pack(source, from: start, count: count)
        } else {
            storage = .shared(source[start..<start + count])
        }
    }

    @inlinable @inline(__always)
    static func pack(_ source: borrowing ArraySlice<UInt8>, from start: Int, count: Int) -> Storage {
        precondition(
            count <= inlineCapacity && start >= source.startIndex && count <= source.endIndex - start,
            "RLPBytes: bytes out of range")
        guard count > 0 else { return .inline(0, 0, 0, 0, count: 0) }
        // Whole words are loaded as they lie in memory; a partial last word is assembled byte by byte. Building
        // the words in registers (not with a byte copy onto the stack) keeps the CPU from stalling on reloading them.
        let words = source.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress! + (start - source.startIndex))
            func word(_ k: Int) -> UInt64 {
                let offset = k &* 8
                let available = count &- offset
                if available >= 8 { return base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
                var packed: UInt64 = 0
                var i = 0
                while i < available {
                    packed |= UInt64(base.load(fromByteOffset: offset &+ i, as: UInt8.self)) << (8 &* UInt64(i))
                    i &+= 1
                }
                return UInt64(littleEndian: packed)
            }
            return (word(0), word(1), word(2), word(3))
        }
        return .inline(words.0, words.1, words.2, words.3, count: UInt8(count))
    }

    // MARK: Collection

    /// Always 0.
    @inlinable public var startIndex: Int { 0 }

    /// The number of bytes.
    @inlinable
    public var endIndex: Int {
        switch storage {
        case .inline(_, _, _, _, let count): Int(count)
        case .shared(let slice): slice.count
        }
    }

    /// The byte at `position` (from 0).
    @inlinable
    public subscript(position: Int) -> UInt8 {
        switch storage {
        case .inline(let w0, let w1, let w2, let w3, let count):
            precondition(position >= 0 && position < Int(count), "RLPBytes index out of range")
            let word: UInt64 =
                switch position >> 3 {
                case 0: w0.littleEndian
                case 1: w1.littleEndian
                case 2: w2.littleEndian
                default: w3.littleEndian
                }
            return UInt8(truncatingIfNeeded: word >> (8 &* UInt64(position & 7)))
        case .shared(let slice):
            return slice[slice.startIndex + position]
        }
    }

    /// Calls `body` with the bytes in contiguous memory (always available).
    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        switch storage {
        case .inline(let w0, let w1, let w2, let w3, let count):
            let words = (w0, w1, w2, w3)
            return try Swift.withUnsafeBytes(of: words) { raw in
                try body(UnsafeBufferPointer(rebasing: raw.assumingMemoryBound(to: UInt8.self)[..<Int(count)]))
            }
        case .shared(let slice):
            return try slice.withUnsafeBufferPointer(body)
        }
    }

    // MARK: Equality, hashing, text

    @inlinable
    public static func == (lhs: RLPBytes, rhs: RLPBytes) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    /// Hashes the bytes (not how they are stored).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for byte in self { hasher.combine(byte) }
    }

    /// Lowercase `0x` hex.
    public var description: String { Hex.encode(self) }
}

extension RLPBytes: ExpressibleByArrayLiteral {
    /// The given bytes.
    @inlinable
    public init(arrayLiteral elements: UInt8...) {
        self.init(elements)
    }
}
