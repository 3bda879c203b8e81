public import EthPrimitives
import Foundation
public import JSONRPC

/// A chain's state file: the journal of every input since genesis (``ChainInput``), with what is needed to check
/// and resume the replay.
///
/// Model storage is a Swift value of each model's own type, with no canonical serialisation, so the file does not
/// dump the state: it records the inputs, and loading replays them on a fresh chain made from the same
/// configuration. Replay is deterministic (blocks are mined at their recorded timestamps with their recorded
/// transactions; no clock is read), and its result is checked against the recorded latest block hash, so a file
/// loaded with another configuration, or altered, is refused rather than silently giving another chain.
///
/// ```json
/// {
///   "format": 1, "chainId": 31337, "genesisTimestamp": 1735689600,
///   "genesisHash": "0x…", "latestBlockHash": "0x…", "latestBlockNumber": 12,
///   "timeOffset": -3600, "nextBlockTimestamp": null, "automine": true, "intervalMining": null,
///   "inputs": [ {"transaction": "0x02f8…"}, {"block": {"timestamp": 1735689700, "transactions": ["0x…"]}},
///               {"setBalance": {"address": "0x…", "balance": "0x…"}} ]
/// }
/// ```
public struct StateFile: Sendable, Hashable, Codable {
    /// The version of this format.
    public var format: Int
    /// The chain id the state belongs to.
    public var chainID: UInt64
    /// The genesis block's timestamp (a configuration without one takes its clock's time, so it is recorded).
    public var genesisTimestamp: UInt64
    /// The genesis block's hash: the configuration must give the same.
    public var genesisHash: Hash
    /// The latest block's hash after the inputs: the replay must give the same.
    public var latestBlockHash: Hash
    /// The latest block's number.
    public var latestBlockNumber: UInt64
    /// ``ChainState/timeOffset`` when saved.
    public var timeOffset: Int64
    /// ``ChainState/nextBlockTimestamp`` when saved.
    public var nextBlockTimestamp: UInt64?
    /// ``ChainState/automine`` when saved.
    public var automine: Bool
    /// ``ChainState/intervalMining`` when saved.
    public var intervalMining: UInt64?
    /// Every input since genesis, in order.
    public var inputs: [ChainInput]

    /// The format this version writes and reads.
    public static let currentFormat = 1

    private enum CodingKeys: String, CodingKey {
        case format, genesisTimestamp, genesisHash, latestBlockHash, latestBlockNumber, timeOffset
        case nextBlockTimestamp, automine, intervalMining, inputs
        case chainID = "chainId"
    }

    /// The state file of `state`.
    public init(_ state: ChainState) {
        format = Self.currentFormat
        chainID = state.config.chainID
        genesisTimestamp = state.blocks[0].timestamp
        genesisHash = state.blocks[0].hash
        latestBlockHash = state.latest.hash
        latestBlockNumber = state.blockNumber
        timeOffset = state.timeOffset
        nextBlockTimestamp = state.nextBlockTimestamp
        automine = state.automine
        intervalMining = state.intervalMining
        inputs = state.journal
    }

    /// Rebuilds the state by replaying the inputs on the genesis of `config` (whose genesis timestamp is taken
    /// from the file).
    ///
    /// - Throws: ``ChainError/invalidStateFile(_:)`` when the format, the chain id, the genesis or the replayed
    ///   chain differ from what the file records, or an input is refused.
    public func replay(config: ChainConfig) throws(ChainError) -> ChainState {
        guard format == Self.currentFormat else {
            throw .invalidStateFile("format \(format) is not supported (this version reads \(Self.currentFormat))")
        }
        guard chainID == config.chainID else {
            throw .invalidStateFile("the file is for chain \(chainID), the configuration for chain \(config.chainID)")
        }
        var config = config
        config.genesisTimestamp = genesisTimestamp
        var state: ChainState
        do {
            state = try ChainState(config: config, now: genesisTimestamp)
        } catch {
            throw .invalidStateFile("the configuration's genesis fails: \(error.message)")
        }
        guard state.latest.hash == genesisHash else {
            throw .invalidStateFile(
                "the configuration's genesis block is \(state.latest.hash), the file's \(genesisHash): it was saved "
                    + "from another configuration")
        }
        for (index, input) in inputs.enumerated() {
            switch input {
            case .transaction(let raw):
                do {
                    try state.admit(raw, now: state.latest.timestamp)
                } catch {
                    throw .invalidStateFile("input \(index): the transaction is refused: \(error.message)")
                }
            case .block(let timestamp, let transactions):
                guard timestamp > state.latest.timestamp else {
                    throw .invalidStateFile("input \(index): block timestamp \(timestamp) does not increase")
                }
                let block = state.buildBlock(timestamp: timestamp, selection: .exactly(transactions))
                guard block.transactions.map(\.hash) == transactions else {
                    throw .invalidStateFile("input \(index): block \(block.number) does not replay its transactions")
                }
            case .setBalance(let address, let balance):
                state.setBalance(balance, of: address)
            }
        }
        guard state.latest.hash == latestBlockHash, state.blockNumber == latestBlockNumber else {
            throw .invalidStateFile(
                "the replay ends at block \(state.blockNumber) \(state.latest.hash), the file at block "
                    + "\(latestBlockNumber) \(latestBlockHash)")
        }
        state.timeOffset = timeOffset
        state.nextBlockTimestamp = nextBlockTimestamp
        state.automine = automine
        state.intervalMining = intervalMining
        return state
    }

    /// The file as pretty-printed JSON with sorted keys.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)  // every field encodes
    }

    /// The file in `data`.
    ///
    /// - Throws: ``ChainError/invalidStateFile(_:)`` when it is not a state file.
    public static func decode(_ data: Data) throws(ChainError) -> StateFile {
        do {
            return try JSONDecoder().decode(StateFile.self, from: data)
        } catch let error as DecodingError {
            throw .invalidStateFile("not a ChainSim state file: \(Self.describe(error))")
        } catch {
            throw .invalidStateFile("not a ChainSim state file: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension Chain {
    /// Writes the chain's state file (see ``StateFile``) to `path`, atomically.
    ///
    /// - Throws: ``ChainError/stateFileNotWritten(path:reason:)`` when the file cannot be written.
    public func save(to path: String) throws(ChainError) {
        let data = StateFile(state).encoded()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .stateFileNotWritten(path: path, reason: error.localizedDescription)
        }
    }

    /// A chain rebuilt from the state file at `path` on the genesis of `config`.
    ///
    /// - Throws: ``ChainError/invalidStateFile(_:)`` when the file cannot be read, is not a state file, or does not
    ///   replay to the chain it records.
    public convenience init(loading path: String, config: ChainConfig, clock: any UnixClock) throws(ChainError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidStateFile("cannot read \(path): \(error.localizedDescription)")
        }
        self.init(state: try StateFile.decode(data).replay(config: config), clock: clock)
    }
}
