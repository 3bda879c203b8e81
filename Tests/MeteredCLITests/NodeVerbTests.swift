import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Logging
import Secp256k1
import ServiceLifecycle
import Synchronization
import Testing
import Transactions

@testable import MeteredCLI

/// Runs a service verb as a service, so that a test stops it as the executable's signals would: graceful shutdown.
final class VerbRun: Service, Sendable {
    let arguments: [String]
    private let state = Mutex<(lines: [String], outcome: CLIRunner.Outcome?)>(([], nil))
    private let listening = AsyncStream<Int?>.makeStream()

    init(_ arguments: [String]) { self.arguments = arguments }

    func run() async throws {
        let outcome = await CLIRunner.runService(arguments) { [self] text, isError in
            guard !isError else { return }
            state.withLock { $0.lines.append(text) }
            if text.hasPrefix("Listening on "), let port = Self.port(in: text) { listening.continuation.yield(port) }
        }
        state.withLock { $0.outcome = outcome }
        listening.continuation.yield(nil)
    }

    /// The port the node listens on, once it does; nil when the verb ended first.
    func port() async -> Int? {
        var iterator = listening.stream.makeAsyncIterator()
        return await iterator.next() ?? nil
    }

    var outcome: CLIRunner.Outcome? { state.withLock { $0.outcome } }

    private static func port(in line: String) -> Int? {
        guard let address = line.split(separator: " ").dropFirst(2).first else { return nil }
        return address.split(separator: ":").last.flatMap { Int($0) }
    }
}

let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `metered <arguments>` until `body` returns, then stops it gracefully and returns what it printed.
func runNode(
    _ arguments: [String], _ body: @Sendable (_ client: JSONRPCClient, _ port: Int) async throws -> Void
) async throws -> CLIRunner.Outcome {
    let verb = VerbRun(arguments)
    let group = ServiceGroup(configuration: .init(services: [verb], logger: silent))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        if let port = await verb.port() {
            do {
                try await body(JSONRPCClient(urls: ["http://127.0.0.1:\(port)"]), port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
    return try #require(verb.outcome)
}

@Suite(.serialized) struct NodeVerbTests {
    static let genesis = "1735689600"

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("metered-node-\(UUID().uuidString).json").path
    }

    @Test func servesPrintsTheBannerAndKeepsItsStateAcrossRuns() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await runNode(["node", "--port", "0", "--genesis-timestamp", Self.genesis, "--state", path]) {
            client, port throws in
            #expect(try await client.chainID() == 31337)
            let key = try PrivateKey(hex: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
            let transfer = EIP1559Transaction(
                chainID: 31337, nonce: 0, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 10_000_000_000,
                gasLimit: 21_000, to: try Address(hex: "0x90F79bf6EB2c4f870365E785982E1f101E93b906"), value: 1)
            let hash = try await client.sendRawTransaction(try transfer.sign(with: key).encode())
            #expect(try await client.receipt(of: hash)?.status == 1)
            #expect(port > 0)
        }
        #expect(first.exitCode == 0)
        let out = first.stdout
        #expect(out.contains("(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000.000000000000000000 ETH)"))
        #expect(out.contains("(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
        #expect(out.contains("WARNING: These accounts, and their private keys, are publicly known."))
        #expect(out.contains("TestToken          0x5FbDB2315678afecb367f032d93F642f64180aa3"))
        #expect(out.contains("SessionEscrow      0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"))
        #expect(out.contains("SessionCredential  0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"))
        #expect(out.contains("SessionRatings     0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"))
        #expect(out.contains("Relayer            0x70997970C51812dc3A010C7d01b50e0d17dc79C8 (account 1)"))
        #expect(out.contains("Chain ID\n==================\n\n31337\n"))
        #expect(out.contains("Genesis Timestamp\n==================\n\n1735689600\n"))
        #expect(out.contains("automine"))
        #expect(first.stderr.contains("Saved the chain to \(path): block 1"))
        #expect(FileManager.default.fileExists(atPath: path))

        let second = try await runNode(["node", "--port", "0", "--state", path, "--block-time", "60"]) {
            client, _ throws in
            #expect(try await client.blockNumber() == 1)
            #expect(
                try await client.balance(of: try Address(hex: "0x90F79bf6EB2c4f870365E785982E1f101E93b906"))
                    == UInt256(10_000) * UInt256(1_000_000_000_000_000_000 as UInt64) + 1)
        }
        #expect(second.exitCode == 0)
        #expect(second.stderr.contains("Loaded the chain from \(path): block 1"))
        #expect(second.stdout.contains("every 60 s (interval mining)"))
    }

    @Test func aStateFileOfAnotherChainIsRefused() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await runNode(["node", "--port", "0", "--state", path]) { _, _ in }
        let outcome = await CLIRunner.runService(["node", "--port", "0", "--chain-id", "5", "--state", path])
        #expect(outcome.exitCode != 0)
        #expect(
            outcome.stderr
                == "error: chainsim: invalid state file: the file is for chain 31337, the configuration for chain 5\n")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        let garbage = await CLIRunner.runService(["node", "--port", "0", "--state", path])
        #expect(garbage.stderr.hasPrefix("error: chainsim: invalid state file: not a ChainSim state file"))
    }

    @Test func aPortInUseIsOneLine() async throws {
        _ = try await runNode(["node", "--port", "0"]) { _, port in
            let outcome = await CLIRunner.runService(["node", "--port", String(port)])
            #expect(outcome.exitCode != 0)
            #expect(outcome.stderr == "error: node: cannot serve on 127.0.0.1:\(port): address already in use\n")
        }
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var stderr: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        Row(
            arguments: ["node", "--port", "70000"],
            stderr: "error: --port must be 0…65535, got 70000 (see 'metered node --help')\n"),
        Row(
            arguments: ["node", "--block-time", "0"],
            stderr: "error: --block-time must be at least 1 second (see 'metered node --help')\n"),
        Row(
            arguments: ["node", "--state", ""], stderr: "error: --state needs a file path (see 'metered node --help')\n"
        ),
        Row(
            arguments: ["node", "--chain-id", "abc"],
            stderr: "error: The value 'abc' is invalid for '--chain-id <chain-id>' (see 'metered node --help')\n"),
        Row(
            arguments: ["node", "extra"],
            stderr: "error: Unexpected argument 'extra' (see 'metered node --help')\n"),
    ])
    func wrongInput(row: Row) async {
        let outcome = await CLIRunner.runService(row.arguments)
        #expect(outcome.exitCode != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == row.stderr)
    }

    @Test func theSynchronousRunnerPointsToTheExecutableAndHelpWorks() async {
        let outcome = CLIRunner.run(["node"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr == "error: this verb runs a service; start it with the executable\n")
        let help = CLIRunner.run(["node", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("--block-time"))
        #expect(help.stdout.contains("--state"))
    }
}
