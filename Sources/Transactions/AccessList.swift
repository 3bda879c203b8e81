public import EthPrimitives
public import RLP

/// One entry of an EIP-2930 access list: an account and the storage slots of it the transaction declares it will
/// touch (each warmed in advance at a discount).
public struct AccessListItem: Hashable, Sendable {
    /// The account.
    public var address: Address
    /// The storage slots of `address`, as 32-byte keys.
    public var storageKeys: [Hash]

    /// An entry for `address` and its `storageKeys`.
    public init(address: Address, storageKeys: [Hash] = []) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

extension AccessListItem: RLPListEncodable {
    /// The address (21 bytes encoded) and the list of keys (33 bytes each, under one header).
    @inlinable
    public var listPayloadLength: Int {
        21 + RLPEncoder.encodedLength(listPayloadLength: 33 * storageKeys.count)
    }

    /// Writes `[address, [key, …]]`'s items.
    @inlinable
    public func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(address)
        encoder.writeListHeader(payloadLength: 33 * storageKeys.count)
        for key in storageKeys { encoder.write(key) }
    }
}

/// An EIP-2930 access list: the accounts and storage slots a transaction declares it will touch. Part of EIP-2930
/// and EIP-1559 transactions; legacy transactions have none.
///
/// It is a collection of ``AccessListItem``s and can be written as an array literal:
///
/// ```swift
/// let list: AccessList = [AccessListItem(address: token, storageKeys: [balanceSlot])]
/// ```
public struct AccessList: Hashable, Sendable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    /// The entries, in the order they are encoded.
    public var items: [AccessListItem]

    /// An access list of `items`.
    public init(_ items: [AccessListItem] = []) {
        self.items = items
    }

    /// An access list of the given entries.
    public init(arrayLiteral elements: AccessListItem...) {
        items = elements
    }

    /// The total number of storage keys over all entries (what EIP-2930 charges 1900 gas each for).
    public var storageKeyCount: Int {
        items.reduce(0) { $0 + $1.storageKeys.count }
    }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> AccessListItem {
        get { items[position] }
        set { items[position] = newValue }
    }
}

extension AccessList: RLPEncodable {
    /// The size of the list of entries' encodings, computed without allocating.
    @inlinable
    public var encodedLength: Int {
        RLPEncoder.encodedLength(listPayloadLength: AccessListItem.listPayloadLength(of: items[...]))
    }

    /// Writes the list of entries.
    @inlinable
    public func encode(to encoder: inout RLPEncoder) {
        AccessListItem.encode(array: items[...], to: &encoder)
    }
}
