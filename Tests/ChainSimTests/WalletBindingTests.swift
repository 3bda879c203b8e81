import ChainSim
import Contracts
import ContractsGenerator
import EthPrimitives
import Foundation
import Testing

/// The Wallet test helper's artifacts and bindings are current: `contracts-abi/mocks/Wallet.{json,bin,bin-runtime}`
/// are `contracts/tests/mocks/Wallet.vy` compiled (the vectors' auxiliary deployments carry the same init and runtime
/// code), and `Sources/ChainSim/Models/Generated/Wallet.swift` is what `metered-bindgen` makes of them.
///
/// To refresh after changing Wallet.vy: `.venv/bin/python tools/models/wallet_artifacts.py`, then
/// `swift run metered-bindgen --input contracts-abi/mocks --output Sources/ChainSim/Models/Generated`.
@Suite struct WalletBindingTests {
    static let artifacts = modelsPackageRoot.appendingPathComponent("contracts-abi/mocks")
    static let generated = modelsPackageRoot.appendingPathComponent("Sources/ChainSim/Models/Generated")

    @Test func bindingsAreWhatTheGeneratorMakesOfTheArtifacts() throws {
        let fresh = try BindingsGenerator.generate(directory: Self.artifacts)
        #expect(fresh.keys.sorted() == ["Wallet.swift"])
        #expect(BindingsGenerator.drift(of: fresh, in: Self.generated) == [])
    }

    /// Every vector file with an auxiliary Wallet deploys exactly the committed creation code (followed by its
    /// constructor arguments) and leaves exactly the committed runtime code.
    @Test(arguments: ContractVectors.names) func artifactsAreTheVectorsWallet(file: String) throws {
        let wallets = try ContractVectors.load(file).genesis.deployments.filter { $0.name == "Wallet" }
        for wallet in wallets {
            #expect(wallet.auxiliary == true)
            #expect(wallet.source == "contracts/tests/mocks/Wallet.vy")
            #expect(try wallet.initCode() == Wallet.creationCode + parseBytes(wallet.constructorArgsEncoded))
            #expect(try wallet.expectedRuntimeCode() == Wallet.runtimeCode)
            let arguments = try #require(try Wallet.decodeConstructorArguments(try wallet.initCode()))
            #expect(
                try Wallet.deploymentCode(owner: arguments.owner, accepting: arguments.accepting) == wallet.initCode())
        }
    }
}
