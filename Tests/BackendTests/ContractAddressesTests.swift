import Backend
import Contracts
import EthPrimitives
import Foundation
import Testing

@Suite struct ContractAddressesTests {
    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deployments-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theCommittedDeploymentsFileGivesTheLocalContracts() throws {
        let path = Self.root.appendingPathComponent("contracts-abi/deployments.json").path
        let loaded = try ContractAddresses.load(deploymentsFile: path, chainID: 31337)
        #expect(loaded == ContractAddresses.local)
        #expect(ContractAddresses.builtIn(chainID: 31337) == .local)
        #expect(ContractAddresses.builtIn(chainID: 1) == nil)
        #expect(loaded.escrow == Deployments.chain31337.sessionEscrow)
        #expect(loaded.deploymentBlock == 0)
    }

    @Test func aTestnetEntryIsRead() throws {
        let path = try write(
            """
            {"11155111": {"deploymentBlock": 123456, "contracts": {
              "SessionEscrow": {"address": "0x00000000000000000000000000000000000000e1"},
              "SessionCredential": {"address": "0x00000000000000000000000000000000000000c1"},
              "SessionRatings": {"address": "0x00000000000000000000000000000000000000a1"}}}}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try ContractAddresses.load(deploymentsFile: path, chainID: 11_155_111)
        #expect(loaded.escrow == (try Address(hex: "0x00000000000000000000000000000000000000e1")))
        #expect(loaded.testToken == nil)
        #expect(loaded.deploymentBlock == 123_456)
    }

    /// Each broken file is refused with a message naming what is wrong.
    @Test(arguments: [
        ("not json", "is not JSON"),
        ("[1, 2]", "not an object keyed by chain id"),
        (#"{"1": {}}"#, "lists no contracts for chain 31337 (it has: 1)"),
        (#"{"31337": {"contracts": {}}}"#, "has no SessionEscrow address"),
        (
            #"{"31337": {"contracts": {"SessionEscrow": {"address": "0x12"}, "SessionCredential": {"address": "0x12"}, "SessionRatings": {"address": "0x12"}}}}"#,
            "invalid SessionEscrow address 0x12"
        ),
    ])
    func brokenFilesAreRefused(_ text: String, _ reason: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try ContractAddresses.load(deploymentsFile: path, chainID: 31337)
        } throws: { error in
            "\(error)".hasPrefix("backend: ") && "\(error)".contains(reason)
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect {
            try ContractAddresses.load(deploymentsFile: "/nonexistent/deployments.json", chainID: 31337)
        } throws: { error in
            "\(error)" == "backend: cannot read the deployments file /nonexistent/deployments.json"
        }
    }
}
