public import EthPrimitives
import RLP

/// A block header with every field of a Prague header, in the order Ethereum encodes them; its hash is the
/// Keccak-256 of that encoding, as on a real chain.
///
/// The simulator fills the fields deterministically: `transactionsRoot` and `receiptsRoot` are the real tries of the
/// block's transactions and receipts (``OrderedTrie``); `stateRoot` is the simulator's own commitment to the
/// accounts (see ``ChainState``), since model storage has no trie; the proof-of-stake fields are constants
/// (zero difficulty, nonce and randomness, no withdrawals, blobs or requests).
public struct BlockHeader: Sendable, Hashable {
    /// The parent block's hash (zero for the genesis block).
    public var parentHash: Hash
    /// The hash of the (always empty) ommers list.
    public var ommersHash: Hash = BlockHeader.emptyOmmersHash
    /// The fee recipient (`block.coinbase`).
    public var coinbase: Address
    /// The commitment to the accounts after the block.
    public var stateRoot: Hash
    /// The trie root of the block's transactions.
    public var transactionsRoot: Hash
    /// The trie root of the block's receipts.
    public var receiptsRoot: Hash
    /// The union of the receipts' blooms.
    public var logsBloom: Bloom
    /// Zero since the merge.
    public var difficulty: UInt256 = 0
    /// The block's number.
    public var number: UInt64
    /// The most gas the block's transactions may use together.
    public var gasLimit: UInt64
    /// The gas the block's transactions used.
    public var gasUsed: UInt64
    /// Unix seconds.
    public var timestamp: UInt64
    /// Free-form bytes; empty.
    public var extraData: [UInt8] = []
    /// `prevRandao` since the merge; zero here.
    public var mixHash: Hash = .zero
    /// The proof-of-work nonce, eight zero bytes since the merge.
    public var nonce: UInt64 = 0
    /// The base fee (EIP-1559).
    public var baseFeePerGas: UInt256
    /// The withdrawals root (Shanghai): the empty trie.
    public var withdrawalsRoot: Hash = OrderedTrie.emptyRoot
    /// Blob gas used (Cancun): zero, there are no blob transactions.
    public var blobGasUsed: UInt64 = 0
    /// Excess blob gas (Cancun): zero.
    public var excessBlobGas: UInt64 = 0
    /// The parent beacon block root (Cancun): zero, there is no beacon chain.
    public var parentBeaconBlockRoot: Hash = .zero
    /// The execution requests hash (Prague): the SHA-256 of no requests.
    public var requestsHash: Hash = BlockHeader.emptyRequestsHash

    /// `keccak256(rlp([]))`: the ommers hash of every block since the merge.
    public static let emptyOmmersHash = Keccak256.hash([0xc0])
    /// `sha256("")`: the requests hash of a block without execution requests (EIP-7685).
    public static let emptyRequestsHash = try! Hash(
        hex: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    /// A header with these fields and the constant ones at their defaults.
    public init(
        parentHash: Hash, coinbase: Address, stateRoot: Hash, transactionsRoot: Hash, receiptsRoot: Hash,
        logsBloom: Bloom, number: UInt64, gasLimit: UInt64, gasUsed: UInt64, timestamp: UInt64, baseFeePerGas: UInt256
    ) {
        self.parentHash = parentHash
        self.coinbase = coinbase
        self.stateRoot = stateRoot
        self.transactionsRoot = transactionsRoot
        self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom
        self.number = number
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
        self.timestamp = timestamp
        self.baseFeePerGas = baseFeePerGas
    }

    /// The header's RLP encoding.
    public var encoded: [UInt8] { RLPEncoder.encode(self) }

    /// The block hash: the Keccak-256 of ``encoded``.
    public var hash: Hash { Keccak256.hash(encoded) }
}

extension BlockHeader: RLPListEncodable {
    /// The fields' encoded size.
    public var listPayloadLength: Int {
        // Nine hashes, the coinbase, the 256-byte bloom and the 8-byte nonce have fixed sizes.
        33 * 9 + 21 + 259 + 9 + difficulty.encodedLength + number.encodedLength + gasLimit.encodedLength
            + gasUsed.encodedLength + timestamp.encodedLength + RLPEncoder.encodedLength(ofBytes: extraData)
            + baseFeePerGas.encodedLength + blobGasUsed.encodedLength + excessBlobGas.encodedLength
    }

    /// Writes the fields in Ethereum's order.
    public func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(parentHash)
        encoder.write(ommersHash)
        encoder.write(coinbase)
        encoder.write(stateRoot)
        encoder.write(transactionsRoot)
        encoder.write(receiptsRoot)
        encoder.writeBytes(logsBloom.bytes)
        encoder.write(difficulty)
        encoder.write(number)
        encoder.write(gasLimit)
        encoder.write(gasUsed)
        encoder.write(timestamp)
        encoder.writeBytes(extraData)
        encoder.write(mixHash)
        encoder.writeBytes(nonce.bigEndianBytes)
        encoder.write(baseFeePerGas)
        encoder.write(withdrawalsRoot)
        encoder.write(blobGasUsed)
        encoder.write(excessBlobGas)
        encoder.write(parentBeaconBlockRoot)
        encoder.write(requestsHash)
    }
}

extension UInt64 {
    /// The eight big-endian bytes.
    fileprivate var bigEndianBytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) }
    }
}

/// The EIP-1559 base fee rule: the base fee moves toward keeping blocks half full, by at most one eighth per block.
public enum BaseFee {
    /// How far above its target a block may fill: the target is the gas limit divided by this.
    public static let elasticityMultiplier: UInt64 = 2
    /// The largest change per block is the base fee divided by this.
    public static let changeDenominator: UInt64 = 8

    /// The base fee of the block after a parent with these fields.
    ///
    /// At the target the fee stays; above it, it rises by `parentBaseFee * (used - target) / target / 8`, at least
    /// 1 wei; below it, it falls by `parentBaseFee * (target - used) / target / 8`.
    public static func next(parentBaseFee: UInt256, parentGasUsed: UInt64, parentGasLimit: UInt64) -> UInt256 {
        let target = parentGasLimit / elasticityMultiplier
        guard target > 0, parentGasUsed != target else { return parentBaseFee }
        if parentGasUsed > target {
            let delta =
                parentBaseFee * UInt256(parentGasUsed - target) / UInt256(target)
                / UInt256(changeDenominator)
            return parentBaseFee + Swift.max(delta, 1)
        }
        let delta = parentBaseFee * UInt256(target - parentGasUsed) / UInt256(target) / UInt256(changeDenominator)
        return parentBaseFee - delta
    }
}
