import AsyncHTTPClient
import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Heartbeat
import JSONRPCClient
import MeteredCLI
import Synchronization
import Testing

/// The service verbs' refusals: one line on stderr, a non-zero status, never a key.
@Suite struct ServiceVerbRefusalTests {
    @Test(arguments: [
        (["up", "--timeout", "0"], "error: --timeout must be a positive number of seconds"),
        (["up", "--node-port", "70000"], "error: --node-port must be 0…65535, got 70000"),
        (["up", "--heartbeat-port", "8545"], "error: each service needs its own port"),
        (["up", "--data-dir", ""], "error: --data-dir needs a directory path"),
        (["heartbeat", "--rpc-url", "ftp://node"], "error: --rpc-url ftp://node is not an http:// or https:// URL"),
        (
            ["heartbeat", "--relayer-url", "relayer:8601"],
            "error: --relayer-url: backend: the relayer URL relayer:8601 is not an http:// or https:// URL with a host"
        ),
        (["heartbeat", "--escrow", "0x12"], "error: --escrow: "),
        (
            ["relayer", "--keystore", "k.json"],
            "error: --keystore needs --password-file <file> with the keystore's password"
        ),
        (["relayer", "--password-file", "p.txt"], "error: --password-file is only read with --keystore <file>"),
        (["relayer", "--max-fee-gwei", "0"], "error: --max-fee-gwei must be at least 1"),
        (["matchmaker", "--siwe-domain", ""], "error: --siwe-domain needs a host"),
        (["matchmaker", "--port", "70000"], "error: --port must be 0…65535, got 70000"),
    ])
    func badOptionsAreOneLine(_ arguments: [String], _ expected: String) async {
        let outcome = await CLIRunner.runService(arguments)
        #expect(outcome.exitCode != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
    }

    @Test func theRelayerWithoutAKeySaysWhereItLooked() async {
        let outcome = await CLIRunner.runService(["relayer"], environment: [:])
        #expect(outcome.exitCode != 0)
        #expect(
            outcome.stderr
                == "error: relayer: no signing key: METERED_PRIVATE_KEY is not set; set it or give a keystore and a password file\n"
        )
    }

    @Test func aMalformedKeyIsNeverPrinted() async {
        let secret = "0x" + String(repeating: "zz", count: 32)
        let outcome = await CLIRunner.runService(["relayer"], environment: ["METERED_PRIVATE_KEY": secret])
        #expect(outcome.exitCode != 0)
        #expect(outcome.stderr.contains("METERED_PRIVATE_KEY does not hold a valid private key"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("zzzz"))
    }

    @Test func anUnreachableNodeIsNamed() async {
        let outcome = await CLIRunner.runService(["matchmaker", "--rpc-url", "http://127.0.0.1:9", "--port", "0"])
        #expect(outcome.exitCode != 0)
        #expect(
            outcome.stderr.hasPrefix("error: cannot read the chain id from http://127.0.0.1:9: rpc: "),
            "\(outcome.stderr)")
    }
}

/// The services deployed apart, as `metered node`, `metered relayer` and `metered heartbeat` run them (in process,
/// over loopback HTTP): the heartbeat reaches the relayer over its HTTP face.
@Suite struct ServicesApartTests {
    /// A service verb running in a task; its output is watched for a line.
    final class Running: Sendable {
        let task: Task<CLIRunner.Outcome, Never>
        let output = OutputBuffer()
        var lines: [String] { output.text(isError: false).split(separator: "\n").map(String.init) }

        init(_ arguments: [String], environment: [String: String] = [:]) {
            let output = self.output
            task = Task {
                await CLIRunner.runService(arguments, environment: environment) { text, isError in
                    output.append(text, isError: isError)
                }
            }
        }

        /// The first line starting with `prefix`, once printed.
        func line(startingWith prefix: String) async throws -> String {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return line }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ChildProcessError("no line starting with \(prefix): \(lines) \(output.text(isError: true))")
        }

        /// The port of the `Listening on …:port` line.
        func port() async throws -> Int {
            let line = try await line(startingWith: "Listening on ")
            let address = line.dropFirst("Listening on ".count).split(separator: " ").first ?? ""
            return Int(address.split(separator: ":").last ?? "") ?? 0
        }

        func stop() async -> CLIRunner.Outcome {
            task.cancel()
            return await task.value
        }
    }

    @Test(.timeLimit(.minutes(2))) func theHeartbeatStartsASessionThroughARelayerOverHTTP() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metered-apart-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = Running(["node", "--port", "0"])
        let rpc = "http://127.0.0.1:\(try await node.port())"

        // Refusals that need a live node.
        let wrongChain = await CLIRunner.runService(["heartbeat", "--rpc-url", rpc, "--chain-id", "5", "--port", "0"])
        #expect(wrongChain.stderr == "error: the node serves chain 31337, not --chain-id 5\n")
        let noEscrow = await CLIRunner.runService([
            "matchmaker", "--rpc-url", rpc, "--escrow", "0x0000000000000000000000000000000000000001", "--port", "0",
        ])
        #expect(
            noEscrow.stderr.hasPrefix(
                "error: no contract at the SessionEscrow address 0x0000000000000000000000000000000000000001"),
            "\(noEscrow.stderr)")

        let relayerKey = MeteredGenesis.devAccounts[1].privateKey
        let relayer = Running(
            ["relayer", "--rpc-url", rpc, "--port", "0", "--data-dir", directory],
            environment: ["METERED_PRIVATE_KEY": relayerKey.revealedHex()])
        let relayerURL = "http://127.0.0.1:\(try await relayer.port())"
        let account = try await relayer.line(startingWith: "Account ")
        #expect(account.contains(relayerKey.address.checksummed))
        #expect(account.contains("(key from environment variable METERED_PRIVATE_KEY)"))
        #expect(!relayer.lines.joined().contains(relayerKey.revealedHex().dropFirst(2)))

        let heartbeat = Running([
            "heartbeat", "--rpc-url", rpc, "--port", "0", "--data-dir", directory, "--relayer-url", relayerURL,
            "--timeout", "5",
        ])
        let heartbeatURL = "http://127.0.0.1:\(try await heartbeat.port())"
        let matchmaker = Running(["matchmaker", "--rpc-url", rpc, "--port", "0", "--data-dir", directory])
        let matchmakerURL = "http://127.0.0.1:\(try await matchmaker.port())"
        #expect(try await httpGet(.shared, matchmakerURL + "/healthz").status == 200)

        // A deposit, then both ping: the heartbeat's start intent reaches the relayer over HTTP and is mined.
        let client = JSONRPCClient(urls: [rpc])
        let accounts = MeteredGenesis.devAccounts
        let rate = UInt256(1_000_000_000_000 as UInt64)
        let deposit = SessionEscrow.Deposit(
            tutor: accounts[3].address, token: .zero, ratePerSecond: rate, capSeconds: 60)
        let receipt = try await sendCall(
            client, from: accounts[2].privateKey, to: Deployments.chain31337.sessionEscrow, data: deposit.calldata,
            value: rate * 60)
        let log = try #require(receipt.logs.first { $0.topics.first == SessionEscrow.Deposited.topic })
        let id = try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes).sessionId
        let domain = HeartbeatDomain(chainID: 31337, escrow: Deployments.chain31337.sessionEscrow)
        var status: UInt8 = 1
        var seq: UInt64 = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while status != 2, ContinuousClock.now < deadline {
            seq += 1
            for key in [accounts[2].privateKey, accounts[3].privateKey] {
                let answer = try await signedPing(.shared, heartbeatURL, key: key, session: id, seq: seq, domain)
                #expect(answer.status == 200, "\(answer.body)")
            }
            try await Task.sleep(for: .milliseconds(250))
            status = try await readSession(client, id).status
        }
        #expect(status == 2, "the relayer did not start the session")
        let intent = try await httpGet(.shared, relayerURL + "/v1/intents/\(id):start")
        #expect(intent.status == 200, "\(intent.body)")

        for service in [heartbeat, matchmaker, relayer, node] {
            let outcome = await service.stop()
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        }
    }
}
