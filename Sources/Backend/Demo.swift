import ChainSim
import Contracts
import Crypto
public import EthPrimitives
import Foundation
import Heartbeat
import JSONRPC
import JSONRPCClient
import Logging
import Matchmaker
import Node
import Relayer
import Secp256k1
import Signing
import Synchronization
import Transactions

/// `metered demo`: one tutoring session from sign-in to ratings, scripted against an in-process chain with a manual
/// clock, printing each step with the balances.
///
/// Every part is the real one, wired as `metered up` wires it: ChainSim with the Metered genesis behind the node's
/// JSON-RPC methods (reached through ``JSONRPCClient/InProcessTransport``), the matchmaker's core with Sign-In with
/// Ethereum and the roulette, the heartbeat engine verifying EIP-712 pings signed with the participants' keys, the
/// relayer engine signing escrow transactions with development account 1's key. Only time is scripted: a
/// ``JSONRPC/ManualUnixClock`` moves second by second, and the services' timed work (the heartbeat's ``tick()`` and
/// ``refresh()``, the relayer's ``step()``, the matchmaker's ``tick()``) runs when the script says, so the output
/// is the same on every run and every machine.
///
/// The script checks what it tells: a step that does not go as the story says (a refused ping, a stop at another
/// moment than the last one both were seen, money not conserved) throws ``BackendError/demoStep(_:)``.
public struct Demo: Sendable {
    /// The unix time the story starts at (the genesis block's timestamp): 2026-01-01T00:00:00Z.
    public static let startTime: UInt64 = 1_767_225_600
    /// The tutor's price: 0.0001 ether per second.
    public static let ratePerSecond = UInt256(100_000_000_000_000 as UInt64)
    /// The most the session may bill: ten minutes.
    public static let capSeconds: UInt64 = 600
    /// How long the tutor stays in the call before their pings stop.
    public static let tutorStaysFor: UInt64 = 95
    /// The heartbeat's timeout.
    public static let timeout: Double = 10

    private let out: @Sendable (String) -> Void

    /// A demo printing each line (without its newline) through `out`.
    public init(out: @escaping @Sendable (String) -> Void) {
        self.out = out
    }

    /// Runs the story.
    ///
    /// - Throws: ``BackendError/demoStep(_:)`` when a step does not go as the story says; any part's error when it
    ///   fails (none is expected).
    public func run() async throws {
        let script = try await DemoScript(out: out)
        try await script.run()
    }
}

/// The demo's parts and the steps of its story.
private struct DemoScript {
    let out: @Sendable (String) -> Void
    let clock: ManualUnixClock
    let chain: Chain
    let client: JSONRPCClient
    let contracts: ContractAddresses
    let relayer: RelayerEngine
    let heartbeat: HeartbeatEngine
    let matchmaker: Matchmaker
    let domain: HeartbeatDomain
    let student: DemoWallet
    let tutor: DemoWallet
    let relayerAddress: Address
    let notes = DemoNotes()

    init(out: @escaping @Sendable (String) -> Void) async throws {
        self.out = out
        clock = ManualUnixClock(start: Double(Demo.startTime))
        chain = try Chain(
            config: LocalNode.meteredConfig(chainID: MeteredGenesis.chainID, genesisTimestamp: Demo.startTime),
            clock: clock)
        let node = LocalNode(chain: chain)
        client = JSONRPCClient(transport: InProcessTransport(dispatcher: node.dispatcher))
        contracts = .local
        let quiet = Logger(label: "metered.demo") { _ in SwiftLogNoOpLogHandler() }
        let accounts = MeteredGenesis.devAccounts
        relayerAddress = accounts[1].address
        relayer = RelayerEngine(
            key: accounts[1].privateKey, client: client, outbox: try Outbox(),
            configuration: RelayerConfiguration(chainID: contracts.chainID, escrow: contracts.escrow), clock: clock,
            logger: quiet, jitterSeed: 1)
        domain = HeartbeatDomain(chainID: contracts.chainID, escrow: contracts.escrow)
        heartbeat = HeartbeatEngine(
            configuration: HeartbeatConfiguration(domain: domain, timeout: Demo.timeout),
            store: try SQLiteHeartbeatStore.inMemory(),
            directory: ChainAdapters.sessionDirectory(client: client, contracts: contracts, clock: clock),
            sink: DemoIntentSink(relayer: relayer, notes: notes, clock: clock), clock: clock, logger: quiet)
        matchmaker = Matchmaker(
            config: MatchmakerConfig(domain: "localhost:3000", chainID: contracts.chainID, contracts: .local),
            store: InMemoryMatchmakerStore(),
            chain: ChainAdapters.chainReader(client: client, contracts: contracts),
            rooms: LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock), clock: clock,
            random: .seeded(2026), logger: quiet)
        student = DemoWallet(name: "student", key: accounts[2].privateKey, client: client, chainID: contracts.chainID)
        tutor = DemoWallet(name: "tutor", key: accounts[3].privateKey, client: client, chainID: contracts.chainID)
    }

    // MARK: The story

    func run() async throws {
        out("Metered demo: one tutoring session, paid per second, from sign-in to ratings.")
        out("In-process chain (ChainSim, Metered genesis, chain 31337) and services, on a manual clock.")
        out("")
        out("  student  \(student.address) (account 2)")
        out("  tutor    \(tutor.address) (account 3)")
        out("  relayer  \(relayerAddress) (account 1, a relayer of the escrow)")
        out("  escrow   \(contracts.escrow)")
        out(
            "  rate     \(ether(Demo.ratePerSecond)) ETH per second, cap \(Demo.capSeconds) s, heartbeat timeout "
                + "\(Int(Demo.timeout)) s")
        try await balances()
        // The heartbeat follows the escrow's logs from the chain's head on.
        try await heartbeat.refresh()

        let (roomID, deposit) = try await matchmaking()
        let sessionID = try await depositStep(deposit)
        try await matchmakerSeesDeposit(roomID: roomID)
        let (startedAt, tutorLastPing) = try await call(sessionID)
        try await stop(sessionID, startedAt: startedAt, tutorLastPing: tutorLastPing)
        try await credential(sessionID)
        try await ratings(sessionID)
        try await profiles()
        out("")
        out("Done at \(stamp()): \(chain.blockNumber) blocks, every step checked.")
    }

    /// Steps 1–3: the tutor signs in and goes online, the student asks, the tutor accepts.
    func matchmaking() async throws -> (roomID: String, deposit: PreparedCall) {
        try await advance(to: 10)
        step("1. The tutor signs in with Sign-In with Ethereum (EIP-4361) and goes online")
        let tutorToken = try await signIn(tutor)
        let tutorAddress = try await matchmaker.authenticate(token: tutorToken)
        let profile = try await matchmaker.setProfile(
            tutor: tutorAddress, languages: ["es"], levels: ["b1"], ratePerSecond: Demo.ratePerSecond,
            token: .zero)
        let online = try await matchmaker.goOnline(tutor: tutorAddress, leaseSeconds: 300)
        out(
            "  signed in as \(tutorAddress); profile: teaches \(profile.languages.joined(separator: ", ")) "
                + "at level \(profile.levels.joined(separator: ", ")), \(ether(Demo.ratePerSecond)) ETH per second")
        out("  online until \(stamp(Double(online.onlineUntil ?? 0)))")

        try await advance(to: 20)
        step("2. The student signs in and asks for a Spanish tutor now (roulette)")
        let studentToken = try await signIn(student)
        let studentAddress = try await matchmaker.authenticate(token: studentToken)
        let filters = try matchmaker.filters(
            from: MatchRequestBody(
                language: "es", level: "b1", maxRatePerSecond: "200000000000000", token: Address.zero.checksummed,
                capSeconds: Demo.capSeconds))
        let request = try await matchmaker.requestMatch(student: studentAddress, filters: filters)
        out(
            "  request \(request.status.rawValue): max 0.0002 ETH per second, cap \(Demo.capSeconds) s; "
                + "\(request.proposalsMade) proposal made to an eligible online tutor (the student can afford it)")

        try await advance(to: 25)
        step("3. The tutor sees the proposal and accepts it")
        let proposals = try await matchmaker.proposals(tutor: tutorAddress, wait: 0)
        guard let proposal = proposals.proposals.first, proposals.proposals.count == 1 else {
            throw BackendError.demoStep("the tutor has \(proposals.proposals.count) proposals, not 1")
        }
        out(
            "  proposal from \(proposal.student): \(proposal.language)/\(proposal.level), "
                + "\(Int(proposal.capSeconds)) s, expires at \(stamp(Double(proposal.expiresAt)))")
        let accepted = try await matchmaker.accept(proposalID: proposal.proposalId, tutor: tutorAddress)
        let status = try await matchmaker.matchStatus(requestID: request.requestId, student: studentAddress, wait: 0)
        guard status.status.rawValue == "matched", let match = status.match, let deposit = match.deposit,
            let roomToken = match.roomToken
        else {
            throw BackendError.demoStep("the request is \(status.status.rawValue), not matched with a deposit")
        }
        let lockedRate = try UInt256(parsing: match.ratePerSecond)
        let depositAmount = try UInt256(parsing: match.depositAmount)
        out(
            "  matched: rate locked at \(ether(lockedRate)) ETH per second, deposit \(ether(depositAmount)) ETH "
                + "due by \(stamp(Double(match.depositDeadline)))")
        guard let jwks = matchmaker.rooms.jwks else { throw BackendError.demoStep("the room provider has no JWKS") }
        let claims = try RoomTokenVerifier(jwks: jwks).verify(roomToken, now: clock.now())
        guard claims.roomId == accepted.roomId, claims.wallet == student.address.checksummed else {
            throw BackendError.demoStep("the student's room token names another room or wallet")
        }
        out("  the student's room token verifies against the matchmaker's JWKS (ES256): role \(claims.role.rawValue)")
        return (match.roomId, deposit)
    }

    /// Step 4: the student's wallet signs the prepared deposit.
    func depositStep(_ deposit: PreparedCall) async throws -> UInt256 {
        try await advance(to: 40)
        step("4. The student's wallet signs the prepared deposit (EIP-1559 transaction)")
        guard deposit.to == contracts.escrow else {
            throw BackendError.demoStep("the deposit goes to \(deposit.to), not the escrow")
        }
        let receipt = try await student.send(
            to: deposit.to, data: deposit.data.bytes, value: try UInt256(parsing: deposit.value))
        guard let log = receipt.logs.first(where: { $0.topics.first == SessionEscrow.Deposited.topic }) else {
            throw BackendError.demoStep("the deposit emitted no Deposited event")
        }
        let event = try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes)
        out(
            "  Deposited: session \(event.sessionId) is Funded with \(ether(event.ratePerSecond * event.capSeconds)) "
                + "ETH (block \(receipt.blockNumber), gas \(receipt.gasUsed))")
        try await balances()
        return event.sessionId
    }

    /// The matchmaker finds the deposit on-chain and ties the match to the session.
    func matchmakerSeesDeposit(roomID: String) async throws {
        try await advance(to: 45)
        await matchmaker.tick()
        let matches = try await matchmaker.store.matches(participant: student.address)
        guard let match = matches.first(where: { $0.roomID == roomID }), let session = match.sessionID else {
            throw BackendError.demoStep("the matchmaker did not tie the match to the deposit")
        }
        out("  the matchmaker finds the deposit on-chain: the match is session \(session)")
    }

    /// Steps 5–6: both join and ping; the relayer starts the session; the call goes on until the tutor drops.
    ///
    /// - Returns: when the session started on-chain, and the tutor's last accepted ping (by the service's clock).
    func call(_ sessionID: UInt256) async throws -> (startedAt: UInt64, tutorLastPing: Double) {
        try await advance(to: 60)
        step("5. Both join the room and send signed heartbeats (EIP-712 Heartbeat, every 5 s)")
        var seq = (student: UInt64(0), tutor: UInt64(0))
        seq.student += 1
        let first = try await ping(student, sessionID: sessionID, seq: seq.student)
        out("  student ping #1 accepted: \(first.phase.rawValue)")
        try await advance(to: 61)
        seq.tutor += 1
        let second = try await ping(tutor, sessionID: sessionID, seq: seq.tutor)
        out("  tutor ping #1 accepted: \(second.phase.rawValue) (both seen)")
        printNotes()
        try await settleRelayer(key: "\(sessionID):start")
        try await heartbeat.refresh()
        let started = try await session(sessionID)
        guard started.status == 2 else { throw BackendError.demoStep("session \(sessionID) is not Active") }
        out("  SessionStarted: billing runs from \(stamp(Double(started.startedAt)))")
        let view = try await heartbeat.view(of: sessionID)
        out("  heartbeat: session \(sessionID) \(view.phase.rawValue)")

        step("6. The call: both keep pinging every 5 s; the tutor's connection drops after \(Demo.tutorStaysFor) s")
        let tutorLeaves = 61 + Demo.tutorStaysFor
        var tutorLastPing: Double = clock.now()
        var studentLastPing: Double = Double(Demo.startTime + 60)
        var stopped = false
        var time: UInt64 = 62
        while !stopped {
            try await advance(to: time)
            if time % 5 == 0 {
                seq.student += 1
                _ = try await ping(student, sessionID: sessionID, seq: seq.student)
                studentLastPing = clock.now()
            }
            if time % 5 == 1, time <= tutorLeaves {
                seq.tutor += 1
                _ = try await ping(tutor, sessionID: sessionID, seq: seq.tutor)
                tutorLastPing = clock.now()
            }
            await heartbeat.tick()
            stopped = try await relayer.outbox.intent(key: "\(sessionID):stopAt") != nil
            time += 1
            if time > 61 + Demo.tutorStaysFor + 60 {
                throw BackendError.demoStep("the heartbeat did not stop the session after the tutor dropped")
            }
        }
        out(
            "  pings accepted: student #1…#\(seq.student), tutor #1…#\(seq.tutor); the tutor's last at "
                + "\(stamp(tutorLastPing)), the student's at \(stamp(studentLastPing))")
        out("  at \(stamp()) the tutor has been silent for more than \(Int(Demo.timeout)) s")
        printNotes()
        return (started.startedAt, tutorLastPing)
    }

    /// Steps 7–8: the relayer stops the session at the last moment both were seen; the money moves.
    func stop(_ sessionID: UInt256, startedAt: UInt64, tutorLastPing: Double) async throws {
        step("7. The relayer stops the session at the last moment both were seen")
        let key = "\(sessionID):stopAt"
        let record = try await settleRelayer(key: key)
        guard let intended = record.intent.endedAt, intended == UInt64(tutorLastPing.rounded(.down)) else {
            throw BackendError.demoStep(
                "the stop ends at \(record.intent.endedAt.map(String.init) ?? "nil"), not at the tutor's last ping")
        }
        guard let hash = record.minedHash, let receipt = try await client.receipt(of: hash) else {
            throw BackendError.demoStep("the stop has no receipt")
        }
        var stoppedAt: UInt256?
        var settled: SessionEscrow.Settled?
        for log in receipt.logs where log.address == contracts.escrow {
            switch try SessionEscrow.decodeEvent(topics: log.topics, data: log.data.bytes) {
            case .sessionStopped(let event): stoppedAt = event.endedAt
            case .settled(let event): settled = event
            default: break
            }
        }
        guard let stoppedAt, let settled else {
            throw BackendError.demoStep("the stop's receipt lacks SessionStopped or Settled")
        }
        let billed = UInt64(clamping: stoppedAt) - startedAt
        let minedAt = try await blockTime(receipt.blockNumber)
        let endedAt = UInt64(clamping: stoppedAt)
        out(
            "  SessionStopped at \(stamp(Double(endedAt))) by the relayer (block \(receipt.blockNumber), mined at "
                + "\(stamp(Double(minedAt))))")
        out(
            "  billed \(billed) s, from \(stamp(Double(startedAt))) to \(stamp(Double(endedAt))); the \(minedAt - endedAt) s "
                + "it took to notice the silence are not billed")
        step("8. Settlement, in the same transaction")
        out(
            "  Settled: tutor paid \(ether(settled.tutorAmount)) ETH, student refunded \(ether(settled.studentRefund)) ETH"
        )
        guard settled.tutorAmount == UInt256(billed) * Demo.ratePerSecond,
            settled.tutorAmount + settled.studentRefund == UInt256(Demo.capSeconds) * Demo.ratePerSecond
        else { throw BackendError.demoStep("the settlement does not add up") }
        try await heartbeat.refresh()
        let view = try await heartbeat.view(of: sessionID)
        out("  heartbeat: session \(sessionID) \(view.phase.rawValue)")
        try await balances()
    }

    /// Step 9: the tutor attests, the student claims the soulbound credential.
    func credential(_ sessionID: UInt256) async throws {
        try await advance(to: clockOffset() + 20)
        step("9. Credential: the tutor attests the session, the student claims a soulbound token")
        _ = try await tutor.send(
            to: contracts.credential, data: SessionCredential.Attest(sessionId: sessionID).calldata)
        try await advance(to: clockOffset() + 5)
        let receipt = try await student.send(
            to: contracts.credential, data: SessionCredential.Claim(sessionId: sessionID).calldata)
        let credential = try await read(SessionCredential.CredentialOf(tokenId: sessionID), at: contracts.credential)
        let locked = try await read(SessionCredential.Locked(tokenId: sessionID), at: contracts.credential)
        out(
            "  token #\(sessionID) minted to the student (block \(receipt.blockNumber)): "
                + "\(credential.billedSeconds) s with \(credential.tutor), locked \(locked)")
    }

    /// Step 10: both rate each other.
    func ratings(_ sessionID: UInt256) async throws {
        try await advance(to: clockOffset() + 20)
        step("10. Ratings: the student and the tutor rate each other")
        _ = try await student.send(
            to: contracts.ratings,
            data: SessionRatings.Rate(sessionId: sessionID, stars: 5, commentHash: Hash.zero).calldata)
        try await advance(to: clockOffset() + 5)
        _ = try await tutor.send(
            to: contracts.ratings,
            data: SessionRatings.Rate(sessionId: sessionID, stars: 4, commentHash: Hash.zero).calldata)
        let tutorRating = try await read(SessionRatings.RatingOf(account: tutor.address), at: contracts.ratings)
        let studentRating = try await read(SessionRatings.RatingOf(account: student.address), at: contracts.ratings)
        out("  the student gives the tutor 5 stars, the tutor gives the student 4")
        out(
            "  ratingOf(tutor) = \(tutorRating._0) rating(s), \(tutorRating._1) stars; "
                + "ratingOf(student) = \(studentRating._0) rating(s), \(studentRating._1) stars")
        try await balances()
    }

    /// The matchmaker's public views, read from the contracts.
    func profiles() async throws {
        try await advance(to: clockOffset() + 10)
        step("11. What the matchmaker now shows")
        // Its timed work sees the session's end on-chain and frees the tutor.
        await matchmaker.tick()
        let profile = try await matchmaker.tutorProfile(tutor.address)
        out(
            "  tutor: \(profile.secondsTaught) s taught, \(profile.sessionsCompleted) session(s) completed, "
                + "average rating \(profile.averageRating.map { String(format: "%.1f", $0) } ?? "none") from "
                + "\(profile.ratingCount) rating(s), \(profile.busy ? "busy" : "free for the next student")")
        let progress = try await matchmaker.studentProgress(student.address)
        out("  student: \(progress.secondsLearned) s learned, \(progress.credentials.count) credential(s)")
    }

    // MARK: Parts of steps

    /// Signs in `wallet` with a fresh nonce; returns the bearer token.
    func signIn(_ wallet: DemoWallet) async throws -> String {
        let nonce = try await matchmaker.issueNonce()
        let message = try SIWEMessage(
            scheme: "http", domain: "localhost:3000", address: wallet.address,
            statement: "Sign in to Metered.", uri: "http://localhost:3000",
            chainID: contracts.chainID, nonce: nonce.nonce, issuedAt: SIWETimestamp(unixSeconds: clock.now()))
        let signature = try message.sign(with: wallet.key)
        let login = try await matchmaker.login(message: message.text, signature: Hex.encode(signature.rsv))
        guard login.address == wallet.address else {
            throw BackendError.demoStep("the \(wallet.name) signed in as \(login.address)")
        }
        return login.token
    }

    /// Prints what the services noted during the last step.
    func printNotes() {
        for line in notes.take() { out("  " + line) }
    }

    /// A heartbeat ping from `wallet`, signed with its key, issued now.
    func ping(_ wallet: DemoWallet, sessionID: UInt256, seq: UInt64) async throws -> PingAcknowledgement {
        let message = HeartbeatMessage(
            sessionID: sessionID, participant: wallet.address, seq: seq, issuedAt: clock.nowSeconds())
        return try await heartbeat.receivePing(
            SignedPing(message: message, signature: try message.sign(in: domain, with: wallet.key)))
    }

    /// Steps the relayer until the intent `key` is confirmed; returns its record.
    @discardableResult
    func settleRelayer(key: String) async throws -> OutboxIntent {
        for _ in 0..<10 {
            await relayer.step()
            guard let record = try await relayer.outbox.intent(key: key) else {
                throw BackendError.demoStep("the relayer has no intent \(key)")
            }
            switch record.state {
            case .confirmed:
                let number = record.minedBlock.map(String.init) ?? "?"
                out(
                    "  relayer: \(record.intent.action.rawValue) for session \(record.intent.sessionID) simulated, "
                        + "signed, sent and confirmed (block \(number))")
                return record
            case .moot, .failed:
                throw BackendError.demoStep("the relayer's intent \(key) is \(record.state): \(record.detail ?? "")")
            default:
                continue
            }
        }
        throw BackendError.demoStep("the relayer did not confirm \(key) in 10 steps")
    }

    /// `getSession(id)`.
    func session(_ id: UInt256) async throws -> (status: UInt8, startedAt: UInt64) {
        let session = try await read(SessionEscrow.GetSession(sessionId: id), at: contracts.escrow)
        return (session.status, UInt64(clamping: session.startedAt))
    }

    /// A view call's decoded output.
    func read<F: ContractFunction>(_ function: F, at address: Address) async throws -> F.Output {
        let data = try await client.call(TransactionRequest(to: address, input: HexBytes(function.calldata)))
        return try F.decodeOutput(data)
    }

    /// The timestamp of block `number`.
    func blockTime(_ number: UInt64) async throws -> UInt64 {
        guard let block = try await client.block(.number(number), fullTransactions: false) else {
            throw BackendError.demoStep("block \(number) is missing")
        }
        return block.timestamp
    }

    /// Prints the three balances that move.
    func balances() async throws {
        let studentBalance = try await client.balance(of: student.address)
        let tutorBalance = try await client.balance(of: tutor.address)
        let escrowBalance = try await client.balance(of: contracts.escrow)
        out(
            "  balances: student \(ether(studentBalance)) ETH, tutor \(ether(tutorBalance)) ETH, "
                + "escrow \(ether(escrowBalance)) ETH")
    }

    /// Moves the clock to `seconds` after the start (never backwards).
    func advance(to seconds: UInt64) async throws {
        clock.set(to: Double(Demo.startTime + seconds))
    }

    /// Seconds since the start, now.
    func clockOffset() -> UInt64 { clock.nowSeconds() - Demo.startTime }

    /// A step's title, with the time since the start.
    func step(_ title: String) {
        out("")
        out("[\(stamp())] \(title)")
    }

    /// `+mm:ss` since the start, for now or for `time`.
    func stamp(_ time: Double? = nil) -> String {
        let offset = Int64(((time ?? clock.now()) - Double(Demo.startTime)).rounded(.down))
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(sign)\(String(format: "%02d:%02d", magnitude / 60, magnitude % 60))"
    }
}

/// The heartbeat's sink in the demo: the relayer engine, with each hand-over noted for the script to print where
/// it belongs in the story.
private struct DemoIntentSink: IntentSink {
    let relayer: RelayerEngine
    let notes: DemoNotes
    let clock: ManualUnixClock

    func submit(_ intent: SessionIntent) async throws -> String {
        let endedAt = intent.endedAt.map { " with endedAt +\($0 - Demo.startTime) s" } ?? ""
        notes.add(
            "heartbeat → relayer at +\(clock.nowSeconds() - Demo.startTime) s: \(intent.action.rawValue) session "
                + "\(intent.sessionID)\(endedAt)")
        return try await relayer.submit(intent)
    }
}

/// Lines noted while a step runs, printed after it.
private final class DemoNotes: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) { lines.withLock { $0.append(line) } }

    /// The lines noted since the last call.
    func take() -> [String] {
        lines.withLock { lines in
            defer { lines = [] }
            return lines
        }
    }
}

/// A participant's wallet: signs EIP-1559 transactions with its key and sends them to the node.
private struct DemoWallet: Sendable {
    let name: String
    let key: PrivateKey
    let client: JSONRPCClient
    let chainID: UInt64

    var address: Address { key.address }

    /// Signs and sends a call, returns its receipt (the chain automines).
    ///
    /// - Throws: ``BackendError/demoStep(_:)`` when it reverts or is not mined.
    func send(to: Address, data: [UInt8], value: UInt256 = 0) async throws -> Receipt {
        let request = TransactionRequest(from: address, to: to, value: value, input: HexBytes(data))
        let gas = try await client.estimateGas(request, at: .pending)
        let nonce = try await client.transactionCount(of: address, at: .pending)
        let tip = try await client.maxPriorityFeePerGas()
        let price = try await client.gasPrice()
        let transaction = EIP1559Transaction(
            chainID: chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: price * 2 + tip,
            gasLimit: gas + gas / 4, to: to, value: value, data: data)
        let hash = try await client.sendRawTransaction(try transaction.sign(with: key).encode())
        guard let receipt = try await client.receipt(of: hash) else {
            throw BackendError.demoStep("the \(name)'s transaction \(hash) was not mined")
        }
        guard receipt.succeeded == true else {
            throw BackendError.demoStep("the \(name)'s transaction \(hash) reverted")
        }
        return receipt
    }
}

/// Wei as ether, without trailing zeros: `9999.9395` or `0.06`.
func ether(_ wei: UInt256) -> String {
    let unit = UInt256(1_000_000_000_000_000_000 as UInt64)
    let (whole, fraction) = wei.quotientAndRemainder(dividingBy: unit)
    guard fraction != 0 else { return whole.description }
    var digits = fraction.description
    digits = String(repeating: "0", count: 18 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(whole).\(digits)"
}
