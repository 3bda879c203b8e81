/// A byte string whose length is part of its type, like Ethereum's `Hash` (32 bytes), `Selector` (4 bytes) and
/// `Address` (20 bytes).
///
/// Conforming types are plain values with inline storage: no heap allocation to create, copy, compare or hash them.
/// Their text form is `0x` followed by exactly `2 * byteCount` hex digits, in JSON as well (`Codable`).
public protocol FixedSizeBytes: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How many bytes every value holds.
    static var byteCount: Int { get }

    /// The value made of exactly these bytes.
    ///
    /// - Throws: ``PrimitivesError/wrongByteCount(type:expected:actual:)`` when `bytes` is not ``byteCount`` long.
    init(_ bytes: some Collection<UInt8>) throws(PrimitivesError)

    /// Parses `0x` followed by exactly `2 * byteCount` hex digits (either case, `0X` also accepted).
    ///
    /// - Throws: ``PrimitivesError`` naming the first problem: a missing `0x`, a character that is not a hex digit
    ///   (with its offset), an odd number of digits, or the wrong number of bytes.
    init(hex: some StringProtocol) throws(PrimitivesError)

    /// Calls `body` with the value's bytes, in order, for the duration of the call.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension FixedSizeBytes {
    /// The value's bytes as an array (allocates; prefer ``withUnsafeBytes(_:)`` on hot paths).
    @inlinable
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lowercase `0x`-prefixed hex of the bytes.
    public var hexString: String { withUnsafeBytes { Hex.encode($0) } }

    /// Lowercase `0x`-prefixed hex of the bytes.
    public var description: String { hexString }

    /// Parses `0x` followed by exactly `2 * byteCount` hex digits (the default for conforming types; `Hash`,
    /// `Selector` and `Address` have their own, allocation-free parsers).
    ///
    /// - Throws: ``PrimitivesError`` naming the first problem, as ``Hex/decode(_:requirePrefix:)`` reports it, or
    ///   ``PrimitivesError/wrongByteCount(type:expected:actual:)``.
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        let bytes = try Hex.decode(hex, requirePrefix: true)
        try self.init(bytes)
    }

    /// Encodes the value as its text form, a `0x` hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes the value from a `0x` hex string of exactly ``byteCount`` bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose description is the ``PrimitivesError`` met.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(hex: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }
}

/// Copies `bytes` into the raw storage `destination` if they have exactly its size, or throws the length error.
@inlinable
func copyFixedBytes(
    _ bytes: some Collection<UInt8>, into destination: UnsafeMutableRawBufferPointer, type: String
) throws(PrimitivesError) {
    let count = bytes.count
    guard count == destination.count else {
        throw .wrongByteCount(type: type, expected: destination.count, actual: count)
    }
    let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
        destination.copyMemory(from: UnsafeRawBufferPointer(source))
    }
    if copied == nil {
        for (i, byte) in bytes.enumerated() { destination[i] = byte }
    }
}

/// Parses `0x` (or `0X`) followed by exactly `2 * destination.count` hex digits into `destination`, without
/// allocating. Returns whether the digits use letters of both cases (which, for an address, calls for its checksum).
///
/// - Throws: the ``PrimitivesError`` that ``Hex/decode(_:requirePrefix:)`` reports for the same text (first bad
///   character with its offset, odd length, missing prefix), or ``PrimitivesError/wrongByteCount(type:expected:actual:)``.
@inlinable
func parseFixedHex(
    _ text: some StringProtocol, into destination: UnsafeMutableRawBufferPointer, type: String
) throws(PrimitivesError) -> Bool {
    let digitCount = 2 * destination.count
    var iterator = text.utf8.makeIterator()
    var ok = iterator.next() == UInt8(ascii: "0") && (iterator.next() ?? 0) | 0x20 == UInt8(ascii: "x")
    var seen = 0
    var high: UInt8 = 0
    var cases: UInt8 = 0  // bit 0: a lowercase letter seen; bit 1: an uppercase letter seen
    while ok, let c = iterator.next() {
        guard seen < digitCount, let value = Hex.digitValue(c) else {
            ok = false
            break
        }
        if c >= UInt8(ascii: "a") {
            cases |= 1
        } else if c >= UInt8(ascii: "A") {
            cases |= 2
        }
        if seen & 1 == 0 {
            high = value << 4
        } else {
            destination[seen >> 1] = high | value
        }
        seen += 1
    }
    if ok && seen == digitCount { return cases == 3 }
    // Something is wrong: let the general decoder name it precisely, or report the length.
    let decoded = try Hex.decode(text, requirePrefix: true)
    throw .wrongByteCount(type: type, expected: destination.count, actual: decoded.count)
}

/// A 32-byte value: a Keccak-256 digest, a block or transaction hash, a storage slot, an event topic.
///
/// Stored inline as four 64-bit words (no heap), so comparing and hashing cost four word operations.
public struct Hash: FixedSizeBytes {
    /// The bytes, in order, as four words whose in-memory representation is the byte string.
    @usableFromInline var storage: (UInt64, UInt64, UInt64, UInt64)

    /// Thirty-two bytes.
    public static var byteCount: Int { 32 }

    /// Thirty-two zero bytes.
    public static let zero = Hash(storage: (0, 0, 0, 0))

    @inlinable
    init(storage: (UInt64, UInt64, UInt64, UInt64)) { self.storage = storage }

    /// The hash made of exactly these 32 bytes.
    ///
    /// - Throws: ``PrimitivesError/wrongByteCount(type:expected:actual:)`` for any other length.
    @inlinable
    public init(_ bytes: some Collection<UInt8>) throws(PrimitivesError) {
        storage = (0, 0, 0, 0)
        try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try copyFixedBytes(bytes, into: raw, type: "hash")
        }
    }

    /// Parses `0x` followed by exactly 64 hex digits (either case), without allocating.
    ///
    /// - Throws: ``PrimitivesError`` naming the first problem: a missing `0x`, a character that is not a hex digit
    ///   (with its offset), an odd number of digits, or a length other than 32 bytes.
    @inlinable
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        storage = (0, 0, 0, 0)
        _ = try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try parseFixedHex(hex, into: raw, type: "hash")
        }
    }

    /// Calls `body` with the 32 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    @inlinable
    public static func == (a: Hash, b: Hash) -> Bool {
        a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1 && a.storage.2 == b.storage.2
            && a.storage.3 == b.storage.3
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}

/// A 4-byte function selector: the first four bytes of the Keccak-256 of a function's canonical signature.
///
/// Stored inline as one 32-bit word (no heap). On Apple platforms Foundation also exports Objective-C's `Selector`;
/// where both modules are imported, write `EthPrimitives.Selector` (or a file-private typealias).
public struct Selector: FixedSizeBytes {
    /// The bytes, in order, as a word whose in-memory representation is the byte string.
    @usableFromInline var storage: UInt32

    /// Four bytes.
    public static var byteCount: Int { 4 }

    /// Four zero bytes.
    public static let zero = Selector(storage: 0)

    @inlinable
    init(storage: UInt32) { self.storage = storage }

    /// The selector made of exactly these 4 bytes.
    ///
    /// - Throws: ``PrimitivesError/wrongByteCount(type:expected:actual:)`` for any other length.
    @inlinable
    public init(_ bytes: some Collection<UInt8>) throws(PrimitivesError) {
        storage = 0
        try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try copyFixedBytes(bytes, into: raw, type: "selector")
        }
    }

    /// Parses `0x` followed by exactly 8 hex digits (either case), without allocating.
    ///
    /// - Throws: ``PrimitivesError`` naming the first problem: a missing `0x`, a character that is not a hex digit
    ///   (with its offset), an odd number of digits, or a length other than 4 bytes.
    @inlinable
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        storage = 0
        _ = try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try parseFixedHex(hex, into: raw, type: "selector")
        }
    }

    /// The first four bytes of `hash`, the way a selector is cut from the hash of a signature.
    @inlinable
    public init(prefixOf hash: Hash) {
        storage = UInt32(truncatingIfNeeded: hash.storage.0.littleEndian).littleEndian
    }

    /// Calls `body` with the 4 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    @inlinable
    public static func == (a: Selector, b: Selector) -> Bool { a.storage == b.storage }

    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
