import EthPrimitives

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Secret bytes in memory this type allocates itself and overwrites with zeros when the last reference goes.
///
/// Swift arrays may be copied or moved by the runtime at will; a manually allocated buffer is not, so zeroing it in
/// `deinit` really erases the secret. Contents are written only while the instance is being built (before it is
/// shared), so it is safe to share across threads.
final class SecretBytes: @unchecked Sendable {
    let count: Int
    private let pointer: UnsafeMutableRawPointer

    /// A zero-filled buffer of `count` bytes.
    init(count: Int) {
        self.count = count
        pointer = .allocate(byteCount: count, alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }

    /// A copy of `bytes`.
    convenience init(copying bytes: some Collection<UInt8>) {
        self.init(count: bytes.count)
        var i = 0
        for byte in bytes {
            pointer.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
            i += 1
        }
    }

    /// A copy of another secret.
    convenience init(copying other: SecretBytes) {
        self.init(count: other.count)
        pointer.copyMemory(from: other.pointer, byteCount: count)
    }

    /// `count` bytes from `generator`, written straight into protected memory.
    static func random(count: Int, using generator: inout some RandomNumberGenerator) -> SecretBytes {
        let secret = SecretBytes(count: count)
        for i in stride(from: 0, to: count, by: 8) {
            let word = generator.next() as UInt64
            Swift.withUnsafeBytes(of: word) { bytes in
                for j in 0..<min(8, count - i) {
                    secret.pointer.storeBytes(of: bytes[j], toByteOffset: i + j, as: UInt8.self)
                }
            }
        }
        return secret
    }

    deinit {
        secureZero(pointer, count)
        pointer.deallocate()
    }

    /// Reads the secret. `body` must not let the pointer escape.
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Writes the secret; only while the instance is not yet shared.
    func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// The secret as `0x` hex, for the rare caller whose purpose is to show it.
    func hexString() -> String {
        withUnsafeBytes { Hex.encode($0) }
    }

    /// The byte at `index`.
    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count)
        return pointer.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Compares in time that depends only on the lengths, never on where the contents differ.
    func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<count {
            difference |=
                pointer.load(fromByteOffset: i, as: UInt8.self)
                ^ other.pointer.load(fromByteOffset: i, as: UInt8.self)
        }
        return difference == 0
    }

    /// Decodes `count` bytes of hex digits (optional `0x`) straight into a new secret, never into a plain array.
    ///
    /// - Throws: ``Secp256k1Error`` cases that never include the text itself.
    static func decodingHex(_ text: some StringProtocol, count: Int) throws(Secp256k1Error) -> SecretBytes {
        var utf8 = text.utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"), let x = utf8.dropFirst().first,
            x | 0x20 == UInt8(ascii: "x")
        {
            utf8 = utf8.dropFirst(2)
        }
        let secret = SecretBytes(count: count)
        var nibbles = 0
        var high: UInt8 = 0
        for c in utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = c &- UInt8(ascii: "A") &+ 10
            default: throw .privateKeyNotHex
            }
            if nibbles / 2 < count {
                if nibbles % 2 == 0 {
                    high = value
                } else {
                    secret.pointer.storeBytes(of: high << 4 | value, toByteOffset: nibbles / 2, as: UInt8.self)
                }
            }
            nibbles += 1
        }
        high = 0
        guard nibbles == 2 * count else {
            throw nibbles % 2 == 0 ? .invalidPrivateKeyLength(nibbles / 2) : .privateKeyNotHex
        }
        return secret
    }
}

/// Overwrites `count` bytes at `pointer` with zeros in a way the optimiser may not remove.
func secureZero(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
    #if canImport(Darwin)
        _ = memset_s(pointer, count, 0, count)
    #elseif canImport(Glibc) || canImport(Musl)
        explicit_bzero(pointer, count)
    #else
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count { bytes[i] = 0 }
    #endif
}

/// Overwrites an array's current storage with zeros (for short-lived copies of secrets).
func secureZero(_ bytes: inout [UInt8]) {
    let count = bytes.count
    bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { secureZero(base, count) } }
}
