/// A 20-byte Ethereum account address.
///
/// Its text form is EIP-55 mixed-case hex (``checksummed``), which is also what ``description`` and `Codable` write.
/// Parsing (``init(hex:)``, `Codable`) accepts all-lowercase and all-uppercase digits as they are, and checks a
/// mixed-case address against its checksum, which catches almost every typo.
///
/// Stored inline (no heap); ordered by its bytes, like the 160-bit number it is.
public struct Address: FixedSizeBytes, Comparable {
    /// The bytes, in order, as words whose in-memory representation is the byte string (8 + 8 + 4 bytes).
    @usableFromInline var storage: (UInt64, UInt64, UInt32)

    /// Twenty bytes.
    public static var byteCount: Int { 20 }

    /// The zero address, `0x0000000000000000000000000000000000000000`.
    public static let zero = Address(storage: (0, 0, 0))

    @inlinable
    init(storage: (UInt64, UInt64, UInt32)) { self.storage = storage }

    /// The address made of exactly these 20 bytes.
    ///
    /// - Throws: ``PrimitivesError/wrongByteCount(type:expected:actual:)`` for any other length.
    @inlinable
    public init(_ bytes: some Collection<UInt8>) throws(PrimitivesError) {
        storage = (0, 0, 0)
        try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try copyFixedBytes(bytes, into: raw, type: "address")
        }
    }

    /// Parses `0x` followed by exactly 40 hex digits. All-lowercase and all-uppercase digits are taken as they are;
    /// digits mixing both cases must match the address's EIP-55 checksum.
    ///
    /// - Throws: ``PrimitivesError/badAddressChecksum(given:expected:)`` for a mixed-case address whose case pattern
    ///   is not its checksum (the error carries the correct form); otherwise the ``PrimitivesError`` naming the first
    ///   problem: a missing `0x`, a character that is not a hex digit (with its offset), an odd number of digits, or
    ///   a length other than 20 bytes.
    public init(hex: some StringProtocol) throws(PrimitivesError) {
        storage = (0, 0, 0)
        let mixedCase = try Swift.withUnsafeMutableBytes(of: &storage) { (raw) throws(PrimitivesError) in
            try parseFixedHex(hex, into: raw, type: "address")
        }
        guard mixedCase else { return }
        let expected = checksummed
        guard hex.utf8.dropFirst(2).elementsEqual(expected.utf8.dropFirst(2)) else {
            throw .badAddressChecksum(given: String(hex), expected: expected)
        }
    }

    /// Calls `body` with the 20 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// The EIP-55 form: `0x` and 40 hex digits where each letter is uppercase exactly when the matching nibble of
    /// the Keccak-256 of the lowercase digits is 8 or more.
    public var checksummed: String {
        String(unsafeUninitializedCapacity: 42) { text in
            text[0] = UInt8(ascii: "0")
            text[1] = UInt8(ascii: "x")
            withUnsafeBytes { bytes in
                for (i, byte) in bytes.enumerated() {
                    text[2 + 2 * i] = lowercaseHexDigit(byte >> 4)
                    text[3 + 2 * i] = lowercaseHexDigit(byte & 0x0f)
                }
            }
            let digits = UnsafeMutableBufferPointer(rebasing: text[2..<42])
            Keccak256.hash(UnsafeRawBufferPointer(digits)).withUnsafeBytes { digest in
                for i in 0..<40 where digits[i] >= UInt8(ascii: "a") {
                    let nibble = i & 1 == 0 ? digest[i >> 1] >> 4 : digest[i >> 1] & 0x0f
                    if nibble >= 8 { digits[i] -= 0x20 }
                }
            }
            return 42
        }
    }

    /// The EIP-55 checksummed form (``checksummed``).
    public var description: String { checksummed }

    @inlinable
    public static func == (a: Address, b: Address) -> Bool {
        a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1 && a.storage.2 == b.storage.2
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
    }

    /// Byte-wise (big-endian numeric) order.
    @inlinable
    public static func < (a: Address, b: Address) -> Bool {
        // `.bigEndian` turns the in-memory byte order into numeric order on either kind of host.
        if a.storage.0 != b.storage.0 { return a.storage.0.bigEndian < b.storage.0.bigEndian }
        if a.storage.1 != b.storage.1 { return a.storage.1.bigEndian < b.storage.1.bigEndian }
        return a.storage.2.bigEndian < b.storage.2.bigEndian
    }
}

/// The ASCII lowercase hex digit for a value below 16.
@inline(__always)
private func lowercaseHexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
}
