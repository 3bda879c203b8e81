import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Testing

/// Differential vectors (`vectors/models/calldata.json`, made by `tools/vectors/gen_models.py`): valid, crafted and
/// mutated calldata for every function of the four contracts and the Wallet, run as calls on the compiled contracts
/// in py-evm. Each must give the same status, return or revert data and logs through the models: the bare reverts
/// of Vyper's dispatcher and argument decoding (including its reading of calldata past the end as zeros), value sent
/// to non-payable functions, and what each function does with odd but accepted arguments.
@Suite struct ModelCalldataProbeTests {
    struct Probe: Decodable {
        struct Wallet: Decodable {
            var deployer: String
            var address: String
            var initcode: String
        }
        struct Setup: Decodable {
            var timestamp: UInt64
            var from: String
            var to: String
            var value: String
            var data: String
            var note: String
        }
        struct Case: Decodable {
            var name: String
            var contract: String
            var from: String
            var to: String
            var value: String
            var data: String
            var expect: Expect
        }
        struct Expect: Decodable {
            var status: Int
            var output: String
            var logs: [ContractVector.Log]
        }
        var format: Int
        var wallet: Wallet
        var setup: [Setup]
        var timestamp: UInt64
        var cases: [Case]
    }

    static let probe: Probe = {
        let url = modelsPackageRoot.appendingPathComponent("vectors/models/calldata.json")
        // The file is committed with the tests; a read failure is a broken checkout.
        return try! JSONDecoder().decode(Probe.self, from: Data(contentsOf: url))
    }()

    /// The probes' state: the genesis, the Wallet, then the setup transactions.
    static func world() throws -> MeteredWorld {
        var world = try MeteredWorld()
        let probe = Self.probe
        let deployed = try world.deploy(
            parseBytes(probe.wallet.initcode), from: parseAddress(probe.wallet.deployer))
        guard deployed.contractAddress == (try parseAddress(probe.wallet.address)) else {
            throw VectorError("the Wallet did not deploy at \(probe.wallet.address)")
        }
        for step in probe.setup {
            world.time = step.timestamp
            let result = world.send(
                try parseBytes(step.data), to: try parseAddress(step.to), from: try parseAddress(step.from),
                value: try parseAmount(step.value), advance: 0)
            guard result.success else { throw VectorError("setup \(step.note) failed: \(result)") }
        }
        world.time = probe.timestamp
        return world
    }

    @Test func everyFunctionOfEveryContractIsProbed() {
        let contracts = Set(Self.probe.cases.map(\.contract))
        #expect(contracts == ["TestToken", "SessionEscrow", "SessionCredential", "SessionRatings", "Wallet"])
        #expect(Self.probe.cases.count > 600)
        // Both outcomes are represented: the probes are not all refusals.
        #expect(Self.probe.cases.contains { $0.expect.status == 1 })
        #expect(Self.probe.cases.contains { $0.expect.status == 0 && $0.expect.output == "0x" })
    }

    @Test func modelsDoWhatTheContractsDid() throws {
        let world = try Self.world()
        for probe in Self.probe.cases {
            var copy = world.world
            let result = copy.execute(
                from: try parseAddress(probe.from), to: try parseAddress(probe.to), value: try parseAmount(probe.value),
                input: try parseBytes(probe.data), gas: MeteredWorld.gas, block: world.block)
            let outcome = StepOutcome(
                status: Int(result.status), output: result.output, logs: result.logs, balances: [:])
            let expected = ContractVector.Expect(
                status: probe.expect.status, returnData: probe.expect.status == 1 ? probe.expect.output : nil,
                revertData: probe.expect.status == 0 ? probe.expect.output : nil, revertReason: nil,
                logs: probe.expect.logs, balances: [:])
            let differences = try outcome.differences(from: expected, watched: .init(accounts: [], assets: []))
            #expect(differences.isEmpty, "\(probe.name): \(differences.joined(separator: "; "))")
        }
    }
}
