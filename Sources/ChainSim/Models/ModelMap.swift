/// A dictionary for a model's storage whose copies share everything but the part a write changes.
///
/// A model's storage is a value kept in the world state, and the world keeps the previous state for rollback and
/// snapshots, so the first write of every call copies whatever map it changes. With a plain `Dictionary` that copy
/// is the whole mapping: a call would cost time proportional to the number of sessions (or holders) the contract
/// already has. A `ModelMap` spreads its entries over ``shardCount`` dictionaries by the key's hash, so a write
/// copies one shard (about `count / 256` entries) and the list of shards (256 references).
///
/// Iteration order is unspecified (as a `Dictionary`'s) and may differ between processes; equality and hashing do
/// not depend on it.
public struct ModelMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// How many dictionaries the entries are spread over.
    public static var shardCount: Int { 256 }

    private var shards: [[Key: Value]]
    /// The number of entries.
    public private(set) var count: Int = 0

    /// An empty map.
    public init() {
        shards = Array(repeating: [:], count: Self.shardCount)
    }

    /// A map holding `entries` (the last value wins for a repeated key).
    public init(_ entries: some Sequence<(Key, Value)>) {
        self.init()
        for (key, value) in entries { self[key] = value }
    }

    private static func shard(of key: Key) -> Int {
        key.hashValue & (shardCount - 1)
    }

    /// The value of `key`, nil when absent; assigning nil removes the entry.
    public subscript(key: Key) -> Value? {
        get { shards[Self.shard(of: key)][key] }
        set {
            let index = Self.shard(of: key)
            if let newValue {
                if shards[index].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[index].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// The value of `key`, or `defaultValue` when absent.
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        self[key] ?? defaultValue()
    }

    /// True when the map holds no entry.
    public var isEmpty: Bool { count == 0 }

    /// Every key, in no particular order.
    public var keys: [Key] { shards.flatMap(\.keys) }

    /// Every value, in no particular order.
    public var values: [Value] { shards.flatMap(\.values) }
}

extension ModelMap: Sequence {
    /// Iterates the entries, in no particular order.
    public struct Iterator: IteratorProtocol {
        var shards: IndexingIterator<[[Key: Value]]>
        var current: Dictionary<Key, Value>.Iterator?

        /// The next entry.
        public mutating func next() -> (key: Key, value: Value)? {
            while true {
                if let entry = current?.next() { return entry }
                guard let shard = shards.next() else { return nil }
                current = shard.makeIterator()
            }
        }
    }

    /// An iterator over the entries.
    public func makeIterator() -> Iterator {
        Iterator(shards: shards.makeIterator(), current: nil)
    }

    /// The number of entries.
    public var underestimatedCount: Int { count }
}

extension ModelMap: Equatable where Value: Equatable {
    /// True when both maps hold the same entries.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.shards == rhs.shards
    }
}

extension ModelMap: Hashable where Value: Hashable {
    /// Hashes the entries, independently of their order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(shards)
    }
}

extension ModelMap: ExpressibleByDictionaryLiteral {
    /// A map holding the literal's entries.
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(elements)
    }
}

extension ModelMap: CustomStringConvertible {
    /// The entries, as a dictionary would print them.
    public var description: String {
        Dictionary(uniqueKeysWithValues: self.map { ($0.key, $0.value) }).description
    }
}
