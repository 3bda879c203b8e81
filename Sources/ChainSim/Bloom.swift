public import EthPrimitives

/// A 2048-bit logs bloom filter, as receipts and block headers carry it (yellow paper, section 4.4.1).
///
/// Each item (a log's address, each of its topics) sets three bits: for the first three pairs of bytes of its
/// Keccak-256, the low 11 bits of the pair (big-endian) pick a bit, counted from the last byte of the 256-byte
/// filter. A bloom can say that an item is certainly absent, never that it is present.
public struct Bloom: Sendable, Hashable {
    /// The 256 bytes of the filter.
    public private(set) var bytes: [UInt8]

    /// The filter's size in bytes.
    public static let byteCount = 256

    /// An empty filter (all zeros).
    public init() {
        bytes = [UInt8](repeating: 0, count: Self.byteCount)
    }

    /// The filter these 256 bytes hold; nil unless there are exactly 256.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// The filter of `logs`: every emitter's address and every topic.
    public init(logs: some Sequence<LogEntry>) {
        self.init()
        for log in logs { add(log) }
    }

    /// True when no bit is set.
    public var isEmpty: Bool { bytes.allSatisfy { $0 == 0 } }

    /// Adds a log: its address and its topics.
    public mutating func add(_ log: LogEntry) {
        add(Keccak256.hash(log.address.bytes))
        for topic in log.topics { add(Keccak256.hash(topic.bytes)) }
    }

    /// Adds an item given its Keccak-256.
    public mutating func add(_ itemHash: Hash) {
        itemHash.withUnsafeBytes { hash in
            for pair in 0..<3 {
                let bit = (Int(hash[2 * pair]) << 8 | Int(hash[2 * pair + 1])) & 2047
                bytes[Self.byteCount - 1 - bit / 8] |= 1 << (bit % 8)
            }
        }
    }

    /// Sets every bit `other` has.
    public mutating func formUnion(_ other: Bloom) {
        for index in bytes.indices { bytes[index] |= other.bytes[index] }
    }

    /// False when the item whose Keccak-256 is `itemHash` was certainly never added.
    public func mightContain(_ itemHash: Hash) -> Bool {
        var probe = Bloom()
        probe.add(itemHash)
        return zip(probe.bytes, bytes).allSatisfy { $0 & $1 == $0 }
    }

    /// False when no log of `address` was certainly ever added.
    public func mightContain(address: Address) -> Bool { mightContain(Keccak256.hash(address.bytes)) }

    /// False when `topic` was certainly never added.
    public func mightContain(topic: Hash) -> Bool { mightContain(Keccak256.hash(topic.bytes)) }
}
