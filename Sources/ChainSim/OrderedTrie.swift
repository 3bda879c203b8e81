public import EthPrimitives
import RLP

/// The root of the Merkle-Patricia trie Ethereum builds over a block's list of transactions or receipts, keyed by
/// `rlp(index)`: what `transactionsRoot` and `receiptsRoot` are.
///
/// Built the yellow paper's way (appendix D): leaves, extensions and branches, hex-prefix encoded paths, a node
/// whose encoding is shorter than 32 bytes embedded in its parent and a longer one referenced by its Keccak-256;
/// the root is always hashed. The trie of an empty list is ``emptyRoot``.
public enum OrderedTrie {
    /// The root of an empty trie: `keccak256(rlp(""))`, `0x56e81f…b421`.
    public static let emptyRoot = Keccak256.hash([0x80])

    /// The root of the trie mapping `rlp(i)` to `values[i]` (each an already-encoded transaction or receipt).
    public static func root(_ values: [[UInt8]]) -> Hash {
        guard !values.isEmpty else { return emptyRoot }
        let entries = values.enumerated()
            .map { index, value in Entry(path: nibbles(RLPEncoder.encode(UInt64(index))), value: value) }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
        return Keccak256.hash(node(entries[...], depth: 0))
    }

    private struct Entry {
        var path: [UInt8]
        var value: [UInt8]
    }

    private static func nibbles(_ bytes: [UInt8]) -> [UInt8] {
        bytes.flatMap { [$0 >> 4, $0 & 0x0f] }
    }

    /// The RLP encoding of the node holding `entries` (sorted, sharing their first `depth` nibbles).
    private static func node(_ entries: ArraySlice<Entry>, depth: Int) -> [UInt8] {
        if entries.count == 1, let only = entries.first {
            return list([bytes(hexPrefix(only.path[depth...], leaf: true)), bytes(only.value)])
        }
        let first = entries.first!.path
        var shared = 0
        while entries.allSatisfy({ $0.path.count > depth + shared && $0.path[depth + shared] == first[depth + shared] })
        {
            shared += 1
        }
        if shared > 0 {
            let child = node(entries, depth: depth + shared)
            return list([bytes(hexPrefix(first[depth..<depth + shared], leaf: false)), reference(child)])
        }
        var items: [[UInt8]] = []
        var value: [UInt8] = []
        var rest = entries
        if let head = rest.first, head.path.count == depth {
            value = head.value
            rest = rest.dropFirst()
        }
        for nibble in UInt8(0)..<16 {
            let group = rest.prefix { $0.path[depth] == nibble }
            rest = rest.dropFirst(group.count)
            items.append(group.isEmpty ? [0x80] : reference(node(group, depth: depth + 1)))
        }
        items.append(bytes(value))
        return list(items)
    }

    /// How a parent holds a child node: embedded when its encoding is under 32 bytes, else by its hash.
    private static func reference(_ encoded: [UInt8]) -> [UInt8] {
        encoded.count < 32 ? encoded : bytes(Keccak256.hash(encoded).bytes)
    }

    /// The hex-prefix encoding of a path (yellow paper, appendix C).
    private static func hexPrefix(_ path: ArraySlice<UInt8>, leaf: Bool) -> [UInt8] {
        let flag: UInt8 = leaf ? 2 : 0
        var output: [UInt8] = []
        var rest = path[...]
        if path.count % 2 == 1 {
            output.append((flag + 1) << 4 | rest.removeFirst())
        } else {
            output.append(flag << 4)
        }
        while let high = rest.popFirst(), let low = rest.popFirst() {
            output.append(high << 4 | low)
        }
        return output
    }

    private static func bytes(_ payload: [UInt8]) -> [UInt8] {
        RLPEncoder.encode(payload)
    }

    private static func list(_ encodedItems: [[UInt8]]) -> [UInt8] {
        RLPEncoder.encode(RawList(items: encodedItems))
    }

    /// A list whose items are already encoded.
    private struct RawList: RLPListEncodable {
        var items: [[UInt8]]
        var listPayloadLength: Int { items.reduce(0) { $0 + $1.count } }
        func encodeListItems(to encoder: inout RLPEncoder) {
            for item in items { encoder.writeRaw(item) }
        }
    }
}
