import AsyncHTTPClient
import ChainSim
import Contracts
import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import JSONRPCClient
import NIOCore
import Secp256k1
import Testing
import Transactions

/// `metered up` as a user runs it: a child process on free loopback ports, driven over HTTP only.
@Suite struct UpEndToEndTests {
    /// Two participants ping with real EIP-712 signatures; the relayer starts the session; the tutor stops pinging;
    /// the session is stopped and settled on-chain with `endedAt` the last moment both were seen. Then the backend
    /// stops on SIGTERM, saving the chain, and a second run resumes it.
    @Test(.timeLimit(.minutes(2))) func sessionIsStoppedAtTheLastMutualPingAndSettled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metered-up-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = [
            "up", "--data-dir", directory, "--timeout", "2", "--node-port", "0", "--heartbeat-port", "0",
            "--relayer-port", "0", "--matchmaker-port", "0",
        ]
        let up = try ChildProcess(arguments)
        try await up.waitForLine(startingWith: "Ready.")
        let endpoints = try Endpoints(banner: up.stdout)
        #expect(up.stdout.contains("SessionEscrow      \(Deployments.chain31337.sessionEscrow)"))
        #expect(up.stdout.contains("(new chain, genesis "))

        let chain = JSONRPCClient(urls: [endpoints.node])
        #expect(try await chain.chainID() == 31337)
        let http = HTTPClient.shared
        for url in [endpoints.heartbeat, endpoints.relayer, endpoints.matchmaker] {
            #expect(try await httpGet(http, url + "/healthz").status == 200, "\(url)/healthz")
        }

        // The student deposits for a session with the tutor: a raw EIP-1559 transaction over HTTP.
        let accounts = MeteredGenesis.devAccounts
        let student = accounts[2].privateKey
        let tutor = accounts[3].privateKey
        let escrow = Deployments.chain31337.sessionEscrow
        let rate = UInt256(1_000_000_000_000 as UInt64)
        let cap: UInt64 = 600
        let deposit = SessionEscrow.Deposit(
            tutor: tutor.address, token: .zero, ratePerSecond: rate, capSeconds: UInt256(cap))
        let receipt = try await sendCall(
            chain, from: student, to: escrow, data: deposit.calldata, value: rate * UInt256(cap))
        let log = try #require(receipt.logs.first { $0.topics.first == SessionEscrow.Deposited.topic })
        let sessionID = try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes).sessionId

        // Both ping every 250 ms until the relayer has started the session, then 3 s more; then the tutor's
        // connection drops and the student keeps pinging until the heartbeat ends the session.
        let domain = HeartbeatDomain(chainID: 31337, escrow: escrow)
        let (settled, tutorLast) = try await playCallUntilTheTutorDrops(
            http, heartbeat: endpoints.heartbeat, chain: chain, student: student, tutor: tutor, session: sessionID,
            domain: domain, activeFor: .seconds(3))

        // endedAt is the last moment both were seen: the tutor's last accepted ping, by the service's clock.
        let startedAt = UInt64(clamping: settled.startedAt)
        let endedAt = UInt64(clamping: settled.endedAt)
        #expect(endedAt == max(startedAt, UInt64(tutorLast.rounded(.down))))
        #expect(endedAt > startedAt, "the call lasted about 3 s after the start")
        let billed = UInt256(endedAt - startedAt)
        #expect(settled.tutorPaid == billed * rate)
        #expect(settled.tutorPaid + settled.studentRefunded == rate * UInt256(cap))

        // The logs say who stopped it and why: the relayer (account 1), reason 2 (disconnect).
        let stops = try await chain.logs(
            LogFilter(
                fromBlock: .earliest, toBlock: .latest, address: [escrow],
                topics: SessionEscrow.SessionStopped.topicFilter(sessionId: sessionID)))
        let stop = try SessionEscrow.SessionStopped.decode(topics: stops[0].topics, data: stops[0].data.bytes)
        #expect(stops.count == 1)
        #expect(stop.stoppedBy == accounts[1].address)
        #expect(stop.reason == 2)
        #expect(stop.endedAt == settled.endedAt)

        // The heartbeat learns of the stop from the escrow's logs (it reads them every second).
        var view = try await httpGet(http, endpoints.heartbeat + "/v1/sessions/\(sessionID)")
        let viewDeadline = ContinuousClock.now + .seconds(10)
        while try jsonString(view.body) != "ended", ContinuousClock.now < viewDeadline {
            try await Task.sleep(for: .milliseconds(200))
            view = try await httpGet(http, endpoints.heartbeat + "/v1/sessions/\(sessionID)")
        }
        #expect(view.status == 200)
        #expect(try jsonString(view.body) == "ended", "\(view.body)")
        #expect(try jsonString(view.body, key: "chainStatus") == "settled", "\(view.body)")
        // The relayer sees its transaction's receipt at its next step (every second).
        var intent = try await httpGet(http, endpoints.relayer + "/v1/intents/\(sessionID):stopAt")
        let intentDeadline = ContinuousClock.now + .seconds(10)
        while try jsonString(intent.body, key: "state") != "confirmed", ContinuousClock.now < intentDeadline {
            try await Task.sleep(for: .milliseconds(200))
            intent = try await httpGet(http, endpoints.relayer + "/v1/intents/\(sessionID):stopAt")
        }
        #expect(intent.status == 200)
        #expect(try jsonString(intent.body, key: "state") == "confirmed", "\(intent.body)")

        // SIGTERM stops it cleanly, saving the chain; a second run resumes at the same block.
        let blocks = try await chain.blockNumber()
        #expect(try await up.stop(signal: SIGTERM) == 0, "\(up.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory + "/chain.json"))
        let again = try ChildProcess(arguments)
        try await again.waitForLine(startingWith: "Ready.")
        #expect(again.stdout.contains("(resumed at block \(blocks))"), "\(again.stdout)")
        let resumed = JSONRPCClient(urls: [try Endpoints(banner: again.stdout).node])
        #expect(try await readSession(resumed, sessionID).status == 3)
        #expect(try await again.stop(signal: SIGINT) == 0, "\(again.stderr)")
    }

    /// A port in use is one clear line and a non-zero exit.
    @Test func aPortInUseIsOneLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metered-up-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ChildProcess([
            "up", "--data-dir", directory, "--node-port", "0", "--heartbeat-port", "0", "--relayer-port", "0",
            "--matchmaker-port", "0",
        ])
        try await first.waitForLine(startingWith: "Ready.")
        let taken = try Endpoints(banner: first.stdout)
        let second = try ChildProcess([
            "up", "--data-dir", directory + "-2", "--node-port", String(taken.nodePort), "--heartbeat-port", "0",
            "--relayer-port", "0", "--matchmaker-port", "0",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory + "-2") }
        let status = try await second.stop(signal: 0, timeout: .seconds(60))
        #expect(status != 0)
        let lines = second.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(second.stderr)")
        #expect(lines.first?.contains("already in use") == true, "\(second.stderr)")
        #expect(try await first.stop() == 0)
    }
}

// MARK: - Helpers

/// The URLs `metered up` printed.
struct Endpoints {
    var node: String
    var heartbeat: String
    var relayer: String
    var matchmaker: String
    var nodePort: Int

    init(banner: String) throws {
        func url(_ label: String) throws -> String {
            guard
                let line = banner.split(separator: "\n").first(where: { $0.hasPrefix(label) && $0.contains("http://") }
                ),
                let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") })
            else { throw ChildProcessError("no \(label) line in the banner: \(banner)") }
            return String(url)
        }
        node = try url("Chain JSON-RPC")
        heartbeat = try url("Heartbeat ")
        relayer = try url("Relayer ")
        matchmaker = try url("Matchmaker ")
        nodePort = Int(node.split(separator: ":").last ?? "") ?? 0
    }
}

/// An HTTP answer.
struct Answer {
    var status: Int
    var body: String
}

func httpGet(_ http: HTTPClient, _ url: String) async throws -> Answer {
    let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    return Answer(status: Int(response.status.code), body: String(buffer: body))
}

func httpPost(_ http: HTTPClient, _ url: String, body: [UInt8]) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: body))
    let response = try await http.execute(request, timeout: .seconds(10))
    let answer = try await response.body.collect(upTo: 1 << 20)
    return Answer(status: Int(response.status.code), body: String(buffer: answer))
}

/// The call both end-to-end tests play over HTTP: student and tutor ping every 250 ms (real EIP-712 signatures)
/// until the relayer has started the session and for `activeFor` more; then the tutor's connection drops and the
/// student alone pings until the session is settled on-chain. Returns the settled session and the server's time of
/// the tutor's last accepted ping.
func playCallUntilTheTutorDrops(
    _ http: HTTPClient, heartbeat: String, chain: JSONRPCClient, student: PrivateKey, tutor: PrivateKey,
    session: UInt256, domain: HeartbeatDomain, activeFor: Duration
) async throws -> (settled: SessionEscrow.GetSession.Output, tutorLastSeen: Double) {
    var seq: UInt64 = 0
    var activeSince: ContinuousClock.Instant?
    var tutorLast: Double = 0
    let pingsDeadline = ContinuousClock.now + .seconds(30)
    while activeSince.map({ ContinuousClock.now - $0 < activeFor }) ?? true {
        try #require(ContinuousClock.now < pingsDeadline, "the session did not start")
        seq += 1
        let studentAck = try await signedPing(http, heartbeat, key: student, session: session, seq: seq, domain)
        let tutorAck = try await signedPing(http, heartbeat, key: tutor, session: session, seq: seq, domain)
        #expect(studentAck.status == 200 && tutorAck.status == 200, "\(studentAck.body) \(tutorAck.body)")
        tutorLast = try serverTime(tutorAck.body)
        if activeSince == nil, try jsonString(tutorAck.body) == "active" { activeSince = .now }
        try await Task.sleep(for: .milliseconds(250))
    }
    let started = try await readSession(chain, session)
    #expect(started.status == 2)

    var settled = started
    let stopDeadline = ContinuousClock.now + .seconds(20)
    while settled.status != 3, ContinuousClock.now < stopDeadline {
        seq += 1
        let ack = try await signedPing(http, heartbeat, key: student, session: session, seq: seq, domain)
        #expect(ack.status == 200 || ack.status == 410, "\(ack.body)")
        try await Task.sleep(for: .milliseconds(250))
        settled = try await readSession(chain, session)
    }
    try #require(settled.status == 3, "the session was not settled in time")
    return (settled, tutorLast)
}

/// `POST /v1/ping` signed with `key`, issued now.
func signedPing(
    _ http: HTTPClient, _ heartbeat: String, key: PrivateKey, session: UInt256, seq: UInt64, _ domain: HeartbeatDomain
) async throws -> Answer {
    let message = HeartbeatMessage(
        sessionID: session, participant: key.address, seq: seq, issuedAt: UInt64(Date().timeIntervalSince1970))
    let ping = SignedPing(message: message, signature: try message.sign(in: domain, with: key))
    return try await httpPost(http, heartbeat + "/v1/ping", body: ping.jsonBody)
}

/// A string member of a JSON object body (`status` by default).
func jsonString(_ body: String, key: String = "status") throws -> String {
    guard case .object(let members) = try JSONValue.parse(Array(body.utf8)), case .string(let value)? = members[key]
    else { throw ChildProcessError("no \(key) in \(body)") }
    return value
}

/// The `serverTime` of a ping's answer.
func serverTime(_ body: String) throws -> Double {
    guard case .object(let members) = try JSONValue.parse(Array(body.utf8)) else {
        throw ChildProcessError("not an object: \(body)")
    }
    switch members["serverTime"] {
    case .integer(let value)?: return Double(value)
    case .number(let value)?: return value
    default: throw ChildProcessError("no serverTime in \(body)")
    }
}

/// `getSession(id)` over JSON-RPC.
func readSession(_ client: JSONRPCClient, _ id: UInt256) async throws -> SessionEscrow.GetSession.Output {
    let data = try await client.call(
        TransactionRequest(
            to: Deployments.chain31337.sessionEscrow, input: HexBytes(SessionEscrow.GetSession(sessionId: id).calldata))
    )
    return try SessionEscrow.GetSession.decodeOutput(data)
}

/// Signs an EIP-1559 call with `key`, sends it with `eth_sendRawTransaction`, and returns its receipt.
func sendCall(_ client: JSONRPCClient, from key: PrivateKey, to: Address, data: [UInt8], value: UInt256 = 0)
    async throws
    -> Receipt
{
    let request = TransactionRequest(from: key.address, to: to, value: value, input: HexBytes(data))
    let gas = try await client.estimateGas(request, at: .pending)
    let nonce = try await client.transactionCount(of: key.address, at: .pending)
    let tip = try await client.maxPriorityFeePerGas()
    let price = try await client.gasPrice()
    let transaction = EIP1559Transaction(
        chainID: 31337, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: price * 2 + tip,
        gasLimit: gas + gas / 4, to: to, value: value, data: data)
    let hash = try await client.sendRawTransaction(try transaction.sign(with: key).encode())
    let receipt = try #require(try await client.receipt(of: hash))
    try #require(receipt.succeeded == true)
    return receipt
}
