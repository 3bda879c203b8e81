import Backend
import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import JSONRPCClient
import Secp256k1
import Transactions

/// `settle`: from the last mutual ping to the session Settled on-chain, through the relayer and the local node, on
/// the real clock.
///
/// The whole backend runs in this process as `metered up` runs it (``Backend/LocalBackend``: ChainSim behind the
/// node's JSON-RPC, the heartbeat with its timer, the relayer with its outbox, each on a free port, state in a
/// temporary directory). For each of `--runs` sessions: the student deposits (native currency), both participants
/// ping every 250 ms until the relayer has started the session and for two seconds more, then the tutor stops while
/// the student goes on. The tool polls the chain (`getSession`) and the heartbeat's view every 25 ms and reports,
/// from the last mutual ping (the tutor's last acknowledgement's `serverTime`, or the on-chain `startedAt` if that is
/// later, as the heartbeat counts it): when the heartbeat decided the stop,
/// when the relayer took it, when the chain showed the session Settled, and that `endedAt` on-chain is that ping's
/// second.
func runSettle(_ options: Options) async throws {
    let runs = try options.int("runs", 3)
    let timeout = try options.double("timeout", 10)
    print("heartbeat-load settle: \(runs) sessions, heartbeat timeout \(timeout) s; load average \(loadAverage())")
    let folder = try temporaryDirectory("settle")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var configuration = UpConfiguration()
    configuration.nodePort = 0
    configuration.heartbeatPort = 0
    configuration.relayerPort = 0
    configuration.matchmakerPort = 0
    configuration.dataDirectory = folder
    configuration.timeout = timeout
    let backend = try LocalBackend(configuration: configuration, logger: { _ in quiet })
    let (ready, readyContinuation) = AsyncStream.makeStream(of: UpEndpoints.self)
    let running = Task { try await backend.run { endpoints in readyContinuation.yield(endpoints) } }
    var readyIterator = ready.makeAsyncIterator()
    guard await readyIterator.next() != nil else { throw LoadError("the backend did not start") }

    let client = backend.client
    let escrow = backend.contracts.escrow
    let pingDomain = HeartbeatDomain(chainID: backend.contracts.chainID, escrow: escrow)
    let accounts = MeteredGenesis.devAccounts
    let clock = SystemUnixClock()
    var totals: [Double] = []
    for run in 0..<runs {
        let student = accounts[2 + (run % 4) * 2].privateKey
        let tutor = accounts[3 + (run % 4) * 2].privateKey
        let sessionID = try await deposit(
            client: client, chainID: backend.contracts.chainID, escrow: escrow, student: student, tutor: tutor.address)
        var seq: UInt64 = 0
        func ping(_ key: PrivateKey) async -> Double? {
            seq += 1
            let message = HeartbeatMessage(
                sessionID: sessionID, participant: key.address, seq: seq, issuedAt: clock.nowSeconds())
            let signed = SignedPing(message: message, signature: try! message.sign(in: pingDomain, with: key))
            return try? await backend.heartbeat.receivePing(signed).serverTime
        }
        func chainSession() async throws -> SessionEscrow.GetSession.Output {
            try await client.call(SessionEscrow.GetSession(sessionId: sessionID), on: escrow)
        }
        // Both ping until the session is Active on-chain, then two seconds more.
        let startDeadline = monotonic() + 30
        var activeSince: Double?
        var tutorLast: Double?
        while activeSince.map({ monotonic() - $0 < 2 }) ?? true {
            guard monotonic() < startDeadline else { throw LoadError("session \(sessionID) did not start") }
            _ = await ping(student)
            if let seen = await ping(tutor) { tutorLast = seen }
            if activeSince == nil, try await chainSession().status == 2 { activeSince = monotonic() }
            try await Task.sleep(for: .milliseconds(250))
        }
        guard let tutorSeen = tutorLast else { throw LoadError("no ping of the tutor was accepted") }
        // The last moment both were seen, as the heartbeat counts it: never before the on-chain start (the local
        // chain's block times can run ahead of the wall clock by a second or two after a burst of blocks).
        let startedAt = Double(UInt64(clamping: try await chainSession().startedAt))
        let lastMutual = max(tutorSeen, startedAt)
        // The tutor is gone; the student goes on pinging every 250 ms; poll every 25 ms.
        var decidedAt: Double?
        var submittedAt: Double?
        var settledAt: Double?
        var lastStudentPing = 0.0
        let endDeadline = monotonic() + timeout + 30
        while settledAt == nil, monotonic() < endDeadline {
            if monotonic() - lastStudentPing >= 0.25 {
                lastStudentPing = monotonic()
                _ = await ping(student)
            }
            if let view = try? await backend.heartbeat.view(of: sessionID),
                let intent = view.pendingIntents.first(where: { $0.intent.action == .stopAt })
            {
                decidedAt = decidedAt ?? intent.decidedAt
                submittedAt = submittedAt ?? intent.submittedAt
            }
            let onChain = try await chainSession()
            if onChain.status == 3 {
                settledAt = clock.now()
                let endedAt = UInt64(clamping: onChain.endedAt)
                let total = settledAt! - lastMutual
                totals.append(total)
                print(
                    "session \(sessionID): settled \(String(format: "%.3f", total)) s after the last mutual ping; "
                        + "stop decided at +\(format(decidedAt, from: lastMutual)), handed to the relayer at "
                        + "+\(format(submittedAt, from: lastMutual)); endedAt on-chain \(endedAt) "
                        + (endedAt == UInt64(lastMutual.rounded(.down))
                            ? "= the last mutual ping's second" : "!= the last mutual ping's second \(lastMutual)"))
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        if settledAt == nil { throw LoadError("session \(sessionID) was not settled within \(timeout + 30) s") }
    }
    running.cancel()
    _ = try? await running.value
    let stats = Percentiles(totals)
    print(
        String(
            format: "drop to settled: min %.3f s, mean %.3f s, max %.3f s (timeout %.1f s: %.3f s to %.3f s beyond it)",
            stats.smallest, stats.mean, stats.largest, timeout, stats.smallest - timeout, stats.largest - timeout))
    print("load average after: \(loadAverage())")
}

/// Seconds after `origin`, or "not seen" (a phase shorter than the 25 ms poll).
private func format(_ time: Double?, from origin: Double) -> String {
    guard let time else { return "(not seen between two polls)" }
    return String(format: "%.3f s", time - origin)
}

/// The student's native-currency deposit for `tutor` (1 gwei per second, cap 3600 s); returns the session id.
private func deposit(
    client: JSONRPCClient, chainID: UInt64, escrow: Address, student: PrivateKey, tutor: Address
) async throws -> UInt256 {
    let rate = UInt256(1_000_000_000 as UInt64)
    let cap = UInt256(3600 as UInt64)
    let data = SessionEscrow.Deposit(
        tutor: tutor, token: try Address(hex: "0x" + String(repeating: "0", count: 40)), ratePerSecond: rate,
        capSeconds: cap
    ).calldata
    let value = rate * cap
    let request = TransactionRequest(from: student.address, to: escrow, value: value, input: HexBytes(data))
    let gas = try await client.estimateGas(request, at: .pending)
    let nonce = try await client.transactionCount(of: student.address, at: .pending)
    let tip = try await client.maxPriorityFeePerGas()
    let price = try await client.gasPrice()
    let transaction = EIP1559Transaction(
        chainID: chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: price * 2 + tip,
        gasLimit: gas + gas / 4, to: escrow, value: value, data: data)
    let hash = try await client.sendRawTransaction(try transaction.sign(with: student).encode())
    for _ in 0..<200 {
        if let receipt = try await client.receipt(of: hash) {
            guard receipt.succeeded == true,
                let log = receipt.logs.first(where: { $0.topics.first == SessionEscrow.Deposited.topic })
            else { throw LoadError("the deposit \(hash) reverted") }
            return try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes).sessionId
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw LoadError("the deposit \(hash) was not mined")
}
