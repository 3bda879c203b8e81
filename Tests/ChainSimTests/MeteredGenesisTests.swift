import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import Testing

/// `ChainConfig.metered` lays down the genesis of CONTRACTS.md at the addresses `contracts-abi/deployments.json`
/// records.
@Suite struct MeteredGenesisTests {
    /// `contracts-abi/deployments.json`'s chain 31337, read as JSON (not through the generated bindings).
    struct Recorded: Decodable {
        struct Contract: Decodable {
            var address: String
            var deployer: String
            var nonce: UInt64
            var constructorArgsEncoded: String
            var bytecode: String
        }
        struct Setup: Decodable {
            var from: String
            var nonce: UInt64
            var to: String
            var data: String
        }
        var chainId: UInt64
        var mnemonic: String
        var derivationPath: String
        var accounts: [String]
        var accountBalance: String
        var deployer: String
        var contracts: [String: Contract]
        var relayers: [String]
        var setup: [Setup]
    }

    static func recorded() throws -> Recorded {
        let data = try Data(contentsOf: modelsPackageRoot.appendingPathComponent("contracts-abi/deployments.json"))
        let document = try JSONDecoder().decode([String: Recorded].self, from: data)
        return try #require(document["31337"])
    }

    static func chain() throws -> Chain {
        try Chain(config: .metered, clock: ManualUnixClock(start: 1_735_689_600))
    }

    @Test func genesisIsTheRecordedOne() throws {
        let recorded = try Self.recorded()
        #expect(MeteredGenesis.chainID == recorded.chainId)
        #expect(ChainConfig.testMnemonic == recorded.mnemonic)
        #expect(recorded.derivationPath == "m/44'/60'/0'/0/i")
        #expect(try MeteredGenesis.accounts == recorded.accounts.map(parseAddress))
        #expect(try MeteredGenesis.accountBalance == parseAmount(recorded.accountBalance))
        #expect(try MeteredGenesis.deployer == parseAddress(recorded.deployer))
        #expect(try MeteredGenesis.relayers == recorded.relayers.map(parseAddress))
        #expect(
            MeteredGenesis.deployments.map(\.name) == [
                "TestToken", "SessionEscrow", "SessionCredential", "SessionRatings",
            ])
        for deployment in MeteredGenesis.deployments {
            let entry = try #require(recorded.contracts[deployment.name])
            #expect(try deployment.address == parseAddress(entry.address))
            #expect(deployment.nonce == entry.nonce)
            #expect(try parseAddress(entry.deployer) == MeteredGenesis.deployer)
            let creation = try String(
                contentsOf: modelsPackageRoot.appendingPathComponent(entry.bytecode), encoding: .utf8)
            let initCode =
                try parseBytes(creation.trimmingCharacters(in: .whitespacesAndNewlines))
                + parseBytes(entry.constructorArgsEncoded)
            #expect(deployment.initCode == initCode)
        }
        #expect(recorded.setup.count == MeteredGenesis.setupCalls.count)
        for (setup, call) in zip(recorded.setup, MeteredGenesis.setupCalls) {
            #expect(try call.from == parseAddress(setup.from))
            #expect(try call.to == parseAddress(setup.to))
            #expect(try call.data == parseBytes(setup.data))
            #expect(setup.nonce == 4)
        }
    }

    @Test func genesisAddressesAreTheGeneratedDeployments() {
        let deployments = Deployments.chain31337
        #expect(MeteredGenesis.testToken == deployments.testToken)
        #expect(MeteredGenesis.escrow == deployments.sessionEscrow)
        #expect(MeteredGenesis.credential == deployments.sessionCredential)
        #expect(MeteredGenesis.ratings == deployments.sessionRatings)
        #expect(MeteredGenesis.relayers == deployments.relayers)
    }

    @Test func meteredChainHoldsTheContractsAtTheirAddresses() throws {
        let chain = try Self.chain()
        let recorded = try Self.recorded()
        #expect(chain.chainID == 31337)
        #expect(chain.blockNumber == 0)
        #expect(try chain.accounts == recorded.accounts.map(parseAddress))
        for account in chain.accounts {
            #expect(try chain.balance(of: account) == MeteredGenesis.accountBalance)
        }
        #expect(try chain.nonce(of: MeteredGenesis.deployer) == 5)
        let escrowWord = [UInt8](repeating: 0, count: 12) + MeteredGenesis.escrow.bytes
        let expectedCode: [String: [UInt8]] = [
            "TestToken": TestToken.runtimeCode,
            "SessionEscrow": SessionEscrow.runtimeCode,
            "SessionCredential": SessionCredential.runtimeCode + escrowWord + UInt256(60).bigEndianBytes,
            "SessionRatings": SessionRatings.runtimeCode + escrowWord,
        ]
        for (name, entry) in recorded.contracts {
            #expect(try chain.code(at: parseAddress(entry.address)) == expectedCode[name])
            #expect(try chain.nonce(of: parseAddress(entry.address)) == 1)
        }
        let relayer = try chain.call(
            TransactionRequest(
                to: MeteredGenesis.escrow,
                input: HexBytes(SessionEscrow.IsRelayer(account: MeteredGenesis.accounts[1]).calldata)))
        #expect(try SessionEscrow.IsRelayer.decodeOutput(relayer))
        let owner = try chain.call(
            TransactionRequest(to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.Owner().calldata)))
        #expect(try SessionEscrow.Owner.decodeOutput(owner) == MeteredGenesis.deployer)
        let minSeconds = try chain.call(
            TransactionRequest(to: MeteredGenesis.credential, input: HexBytes(SessionCredential.MinSeconds().calldata)))
        #expect(try SessionCredential.MinSeconds.decodeOutput(minSeconds) == 60)
    }

    @Test func theWalletIsNotAModelOfTheDefaultChain() throws {
        #expect(!ChainConfig.metered.models.contains { $0 == WalletModel.self })
        #expect(ChainConfig.metered(extraModels: [WalletModel.self]).models.contains { $0 == WalletModel.self })
        let chain = try Self.chain()
        let initCode = Wallet.deploymentCode(owner: MeteredGenesis.accounts[2], accepting: true)
        let refusal = ChainError.unknownBytecode(
            codeHash: Keccak256.hash(initCode),
            models: ["TestToken", "SessionEscrow", "SessionCredential", "SessionRatings"])
        #expect(throws: refusal) {
            _ = try chain.estimateGas(TransactionRequest(from: MeteredGenesis.accounts[2], input: HexBytes(initCode)))
        }
    }
}
