import AsyncHTTPClient
import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import Logging
import NIOCore
import Node
import Relayer
import Testing
import Transactions

/// Crash consistency (issue 7 item 5): the relayer runs as a child process (`relayer-crash-harness`) that is killed
/// with SIGKILL at random moments while it takes stop intents to the chain, and started again on the same outbox.
/// Every stop must land exactly once: one successful `stopSessionAt` per session, no duplicate, no revert, every
/// intent confirmed.
///
/// The chain runs in this process behind the Node's JSON-RPC server on loopback, on the wall clock; intents are
/// posted to the child's HTTP face and re-posted after a kill until one answer comes back (a post the child
/// committed before dying is then a duplicate, answered 200). `RELAYER_CRASH_STOPS` (200) and
/// `RELAYER_CRASH_SEED` change the run; the seed is printed on failure.
@Suite(.serialized) struct RelayerCrashTests {
    static let stops = Int(ProcessInfo.processInfo.environment["RELAYER_CRASH_STOPS"] ?? "") ?? 200
    static let seed = UInt64(ProcessInfo.processInfo.environment["RELAYER_CRASH_SEED"] ?? "") ?? 20_261_124

    @Test(.timeLimit(.minutes(10))) func everyStopLandsExactlyOnceThroughRandomKills() async throws {
        let binary = try Self.harnessBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relayer-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outboxPath = directory.appendingPathComponent("outbox.sqlite").path
        let portFile = directory.appendingPathComponent("port").path

        let chain = try Chain(config: RelayerHarness.chainConfig(automine: true), clock: SystemUnixClock())
        var serverConfiguration = JSONRPCServer.Configuration()
        serverConfiguration.port = 0
        var quiet = Logger(label: "test.node")
        quiet.logLevel = .critical
        let server = JSONRPCServer(
            dispatcher: ChainRPC.dispatcher(chain), configuration: serverConfiguration, logger: quiet)
        let sessions = try Self.openSessions(Self.stops, on: chain)
        let intents = try sessions.map { id in
            let startedAt = try Self.session(id, on: chain).startedAt
            return SessionIntent(action: .stopAt, sessionID: id, endedAt: UInt64(startedAt))
        }

        var generator = SplitMix(seed: Self.seed)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var kills = 0
        var posted = 0
        var settledBeforeTheLastLife = 0
        var livesWithProgress = 0
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await server.run() }
            let rpcPort = try #require(await server.listeningPort())
            let rpc = "http://127.0.0.1:\(rpcPort)"
            func launch() throws -> (Process, Int) {
                try? FileManager.default.removeItem(atPath: portFile)
                let child = Process()
                child.executableURL = binary
                child.arguments = [
                    "--outbox", outboxPath, "--rpc", rpc, "--escrow", MeteredGenesis.escrow.checksummed,
                    "--port-file", portFile, "--poll-ms", "5",
                ]
                child.environment = ["METERED_PRIVATE_KEY": RelayerHarness.relayerKey.revealedHex()]
                child.standardOutput = FileHandle.nullDevice
                if let logs = ProcessInfo.processInfo.environment["RELAYER_HARNESS_LOG_FILE"] {
                    if !FileManager.default.fileExists(atPath: logs) {
                        FileManager.default.createFile(atPath: logs, contents: nil)
                    }
                    let handle = FileHandle(forWritingAtPath: logs)
                    handle?.seekToEndOfFile()
                    child.standardError = handle
                    child.environment?["RELAYER_HARNESS_LOGS"] = "1"
                }
                try child.run()
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                        let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
                    {
                        return (child, port)
                    }
                    guard child.isRunning else {
                        throw CrashTestError("the harness exited with \(child.terminationStatus)")
                    }
                    usleep(2_000)
                }
                throw CrashTestError("the harness did not write its port within 30 s")
            }

            // Kill and restart until every intent has been posted, at least 25 kills have happened and three
            // quarters of the stops have landed, so that kills fall in every phase of the work. Each life lasts a
            // random 30–500 ms after the child is listening; a few intents are posted in each life.
            var unposted = Array(intents.indices)
            let perLife = max(1, intents.count / 25)
            func settled() throws -> Int { try sessions.filter { try Self.session($0, on: chain).status == 3 }.count }
            var lastSettled = 0
            while try (!unposted.isEmpty || kills < 25 || settled() < intents.count * 3 / 4)
                && settled() < intents.count
            {
                #expect(kills < 400, "no end in sight (seed \(Self.seed))")
                if kills >= 400 { break }
                let (child, port) = try launch()
                let lifetime = Double.random(in: 0.03...0.5, using: &generator)
                let deadline = Date().addingTimeInterval(lifetime)
                // At most one twenty-fifth of the intents per life, so the work spans at least 25 lives however
                // fast the machine is (a fast relayer once finished everything in 18 lives).
                var postedThisLife = 0
                while !unposted.isEmpty, Date() < deadline, postedThisLife < perLife {
                    let batch = Array(unposted.prefix(perLife - postedThisLife))
                    postedThisLife += batch.count
                    let answered = await withTaskGroup(of: (Int, Bool).self) { group in
                        for index in batch {
                            group.addTask {
                                (index, (try? await Self.post(intents[index], port: port, http: http)) ?? false)
                            }
                        }
                        var answered: Set<Int> = []
                        for await (index, ok) in group where ok { answered.insert(index) }
                        return answered
                    }
                    unposted.removeAll { answered.contains($0) }
                    if answered.count < batch.count { break }
                }
                let remaining = deadline.timeIntervalSinceNow
                if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000))) }
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
                kills += 1
                let now = try settled()
                if now > lastSettled { livesWithProgress += 1 }
                lastSettled = now
            }
            posted = intents.count - unposted.count

            // A last life, long enough to finish, then a clean stop.
            settledBeforeTheLastLife = try sessions.filter { try Self.session($0, on: chain).status == 3 }.count
            let (child, _) = try launch()
            let finish = Date().addingTimeInterval(240)
            while Date() < finish {
                if try sessions.allSatisfy({ try Self.session($0, on: chain).status == 3 }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            // Let the relayer record the last receipts (read through a second connection to the outbox file),
            // then stop it gracefully.
            let watcher = try Outbox(path: outboxPath)
            while Date() < finish, try await watcher.countsByState()[.confirmed] != intents.count {
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(child.processIdentifier, SIGTERM)
            child.waitUntilExit()
            try await http.shutdown()
            tasks.cancelAll()
        }

        // Every session settled at the moment the intent asked for.
        for (id, intent) in zip(sessions, intents) {
            let record = try Self.session(id, on: chain)
            #expect(record.status == 3, "session \(id) (seed \(Self.seed))")
            #expect(record.endedAt == UInt256(intent.endedAt!), "session \(id)")
        }
        // Exactly one stopSessionAt per session was mined, and none reverted.
        var stopsBySession: [UInt256: Int] = [:]
        var relayerTransactions = 0
        for number in 0...chain.blockNumber {
            guard case .full(let transactions)? = chain.block(number: number, fullTransactions: true)?.transactions
            else { continue }
            for transaction in transactions where transaction.from == RelayerHarness.relayer {
                relayerTransactions += 1
                #expect(chain.receipt(hash: transaction.hash)?.status == 1, "reverted: \(transaction.hash)")
                if let call = try? SessionEscrow.StopSessionAt.decode(calldata: transaction.input.bytes) {
                    stopsBySession[call.sessionId, default: 0] += 1
                }
            }
        }
        #expect(relayerTransactions == intents.count, "seed \(Self.seed)")
        #expect(stopsBySession.count == intents.count)
        #expect(stopsBySession.values.allSatisfy { $0 == 1 }, "duplicates: \(stopsBySession.filter { $0.value > 1 })")
        // The outbox agrees: every intent confirmed, by the transaction that was mined.
        let outbox = try Outbox(path: outboxPath)
        let records = try await outbox.intents()
        #expect(records.count == intents.count)
        #expect(
            records.allSatisfy { $0.state == .confirmed },
            "\(records.filter { $0.state != .confirmed }.map { "\($0.key) \($0.state) \($0.detail ?? "")" })")
        #expect(kills >= 20)
        // The kills fell while the relayer was busy: many lives made progress before being cut short.
        #expect(posted == intents.count)
        #expect(livesWithProgress >= 10, "only \(livesWithProgress) lives made progress")
        print(
            "relayer crash test: \(kills) kills, \(livesWithProgress) lives made progress, \(settledBeforeTheLastLife) "
                + "of \(intents.count) stops landed before the last life, seed \(Self.seed)")
    }

    /// Posts an intent; true once the child answered 200 or 202, false when it is gone (killed) before answering.
    static func post(_ intent: SessionIntent, port: Int, http: HTTPClient) async throws -> Bool {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/intents")
        request.method = .POST
        request.body = .bytes(
            ByteBuffer(
                string: #"{"action":"stopAt","sessionId":"\#(intent.sessionID)","endedAt":\#(intent.endedAt!)}"#))
        do {
            let response = try await http.execute(request, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok || response.status == .accepted else {
                throw CrashTestError("POST /v1/intents answered \(response.status)")
            }
            return true
        } catch let error as CrashTestError {
            throw error
        } catch {
            return false
        }
    }

    /// Opens and starts `count` sessions (students are accounts 2…8, the tutor account 9), straight on the chain.
    static func openSessions(_ count: Int, on chain: Chain) throws -> [UInt256] {
        var nonces: [Int: UInt64] = [:]
        func send(_ account: Int, _ data: [UInt8], value: UInt256 = 0) throws {
            let key = MeteredGenesis.devAccounts[account].privateKey
            let nonce = try nonces[account] ?? chain.nonce(of: key.address, at: .pending)
            nonces[account] = nonce + 1
            let transaction = EIP1559Transaction(
                chainID: MeteredGenesis.chainID, nonce: nonce, maxPriorityFeePerGas: 1_000_000_000,
                maxFeePerGas: 100_000_000_000, gasLimit: 1_000_000, to: MeteredGenesis.escrow, value: value, data: data)
            try chain.sendRawTransaction(transaction.sign(with: key).encode())
        }
        let first = try SessionEscrow.NextSessionId.decodeOutput(
            chain.call(
                TransactionRequest(to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.NextSessionId().calldata))))
        let tutor = MeteredGenesis.accounts[9]
        for index in 0..<count {
            try send(
                2 + index % 7,
                SessionEscrow.Deposit(
                    tutor: tutor, token: .zero, ratePerSecond: RelayerHarness.rate, capSeconds: RelayerHarness.cap
                ).calldata, value: RelayerHarness.rate * RelayerHarness.cap)
        }
        let ids = (0..<count).map { first + UInt256($0) }
        for id in ids { try send(9, SessionEscrow.StartSession(sessionId: id).calldata) }
        return ids
    }

    static func session(_ id: UInt256, on chain: Chain) throws -> SessionEscrow.GetSession.Output {
        try SessionEscrow.GetSession.decodeOutput(
            chain.call(
                TransactionRequest(
                    to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.GetSession(sessionId: id).calldata))))
    }

    /// The `relayer-crash-harness` executable SwiftPM built beside the test bundle.
    static func harnessBinary() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            root.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("relayer-crash-harness") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CrashTestError(
                "relayer-crash-harness not found in \(candidates.map(\.path)); run swift build --build-tests")
        }
        return found
    }

    struct CrashTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
