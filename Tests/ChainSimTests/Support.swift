import ChainSim
import EthPrimitives
import Foundation
import JSONRPC
import Secp256k1
import Transactions

/// Keys, clocks, chains and signed transactions shared by the chain tests. Every transaction is signed with the
/// development keys of the test mnemonic through the Transactions module.
enum Fixture {
    /// The ten development accounts of the test mnemonic.
    static let dev = try! ChainConfig.devAccounts()
    /// The genesis timestamp of the tests: 2025-01-01T00:00:00Z.
    static let genesisTime: UInt64 = 1_735_689_600
    /// 1 gwei.
    static let gwei: UInt256 = 1_000_000_000
    /// 1 ether.
    static let ether: UInt256 = 1_000_000_000_000_000_000
    /// Where tips go in the tests (a fresh account, so its balance is exactly the tips).
    static let coinbase = try! Address(hex: "0x0000000000000000000000000000000000c0ffee")

    /// A development configuration with the test models, a fixed genesis time and a coinbase of its own.
    static func config(automine: Bool = true, minimumPriorityFee: UInt256 = 0) -> ChainConfig {
        var config = ChainConfig.development(
            models: [CounterModel.self, RelayModel.self], genesisTimestamp: genesisTime)
        config.automine = automine
        config.coinbase = coinbase
        config.minimumPriorityFee = minimumPriorityFee
        return config
    }

    /// A chain of ``config(automine:minimumPriorityFee:)`` and the manual clock it reads, starting 10 s after
    /// genesis.
    static func chain(automine: Bool = true, minimumPriorityFee: UInt256 = 0) -> (Chain, ManualUnixClock) {
        let clock = ManualUnixClock(start: Double(genesisTime + 10))
        let chain = try! Chain(
            config: config(automine: automine, minimumPriorityFee: minimumPriorityFee), clock: clock)
        return (chain, clock)
    }

    /// An EIP-1559 transaction from development account `from`, signed.
    static func eip1559(
        from: Int, nonce: UInt64, to: Address?, value: UInt256 = 0, data: [UInt8] = [], gas: UInt64 = 21_000,
        tip: UInt256 = gwei, feeCap: UInt256 = 10 * gwei, chainID: UInt64 = 31337
    ) -> SignedTransaction {
        try! EIP1559Transaction(
            chainID: chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: feeCap, gasLimit: gas, to: to,
            value: value, data: data
        ).sign(with: dev[from].privateKey)
    }

    /// A legacy (EIP-155) transaction from development account `from`, signed.
    static func legacy(
        from: Int, nonce: UInt64, to: Address?, value: UInt256 = 0, data: [UInt8] = [], gas: UInt64 = 21_000,
        gasPrice: UInt256 = 10 * gwei
    ) -> SignedTransaction {
        try! LegacyTransaction(
            chainID: 31337, nonce: nonce, gasPrice: gasPrice, gasLimit: gas, to: to, value: value, data: data
        ).sign(with: dev[from].privateKey)
    }

    /// The address of development account `index`.
    static func address(_ index: Int) -> Address { dev[index].address }
}

extension Chain {
    /// The balance now, in tests.
    func balance(_ address: Address) -> UInt256 { try! balance(of: address) }
}
