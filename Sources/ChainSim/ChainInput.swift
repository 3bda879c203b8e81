public import EthPrimitives

/// One input that changed a chain's state, as its journal and state files record it.
///
/// Replaying a chain's journal on a fresh chain made from the same configuration rebuilds the same state, block for
/// block: transactions are admitted by the same checks, and each block is mined at its recorded timestamp with
/// exactly the recorded transactions, so no clock is read. Snapshot and revert need no entry: a revert restores the
/// journal with the rest of the state.
public enum ChainInput: Sendable, Hashable, Codable {
    /// A raw transaction admitted into the pool.
    case transaction(raw: [UInt8])
    /// A block mined at `timestamp` with these transactions, in order.
    case block(timestamp: UInt64, transactions: [Hash])
    /// A balance set directly (`anvil_setBalance`).
    case setBalance(address: Address, balance: UInt256)

    private enum Kind: String, CodingKey {
        case transaction, block, setBalance
    }

    private enum BlockKeys: String, CodingKey {
        case timestamp, transactions
    }

    private enum BalanceKeys: String, CodingKey {
        case address, balance
    }

    /// Reads `{"transaction": "0x…"}`, `{"block": {"timestamp", "transactions"}}` or
    /// `{"setBalance": {"address", "balance"}}`.
    ///
    /// - Throws: `DecodingError` for any other shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Kind.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "state file: an input has exactly one of transaction, block, setBalance"))
        }
        switch kind {
        case .transaction:
            let text = try container.decode(String.self, forKey: .transaction)
            do {
                self = .transaction(raw: try Hex.decode(text, requirePrefix: true))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .transaction, in: container, debugDescription: error.description)
            }
        case .block:
            let block = try container.nestedContainer(keyedBy: BlockKeys.self, forKey: .block)
            self = .block(
                timestamp: try block.decode(UInt64.self, forKey: .timestamp),
                transactions: try block.decode([Hash].self, forKey: .transactions))
        case .setBalance:
            let balance = try container.nestedContainer(keyedBy: BalanceKeys.self, forKey: .setBalance)
            self = .setBalance(
                address: try balance.decode(Address.self, forKey: .address),
                balance: try balance.decode(UInt256.self, forKey: .balance))
        }
    }

    /// Writes the input in the shape ``init(from:)`` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .transaction(let raw):
            try container.encode(Hex.encode(raw), forKey: .transaction)
        case .block(let timestamp, let transactions):
            var block = container.nestedContainer(keyedBy: BlockKeys.self, forKey: .block)
            try block.encode(timestamp, forKey: .timestamp)
            try block.encode(transactions, forKey: .transactions)
        case .setBalance(let address, let balance):
            var nested = container.nestedContainer(keyedBy: BalanceKeys.self, forKey: .setBalance)
            try nested.encode(address, forKey: .address)
            try nested.encode(balance, forKey: .balance)
        }
    }
}
