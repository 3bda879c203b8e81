import ChainSim
import Contracts
import Crypto
import EthPrimitives
import JSONRPC
import JSONRPCClient
import Node
import Testing
import Transactions

@testable import Matchmaker

/// The real chain reader (JSON-RPC client + bindings) against the in-process node on the Metered genesis, driven
/// through a whole session: match, the student's wallet sending the prepared deposit, the relayer starting and
/// stopping it, the credential and the ratings, then the profile and progress read back from the contracts.
@Suite struct ChainReaderTests {
    static let genesis: UInt64 = 1_795_551_960

    /// A node, a matchmaker reading it through RPCChainReader, and one clock for both.
    struct Setup: Sendable {
        let clock = ManualUnixClock(start: Double(ChainReaderTests.genesis) + 1)
        let chain: Chain
        let client: JSONRPCClient
        let matchmaker: Matchmaker
        let rooms: LocalRoomProvider

        init() throws {
            chain = try Chain(config: LocalNode.meteredConfig(genesisTimestamp: ChainReaderTests.genesis), clock: clock)
            client = JSONRPCClient(transport: InProcessTransport(dispatcher: LocalNode(chain: chain).dispatcher))
            rooms = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
            matchmaker = Matchmaker(
                config: MatchmakerConfig(domain: "tutors.example"), store: InMemoryMatchmakerStore(),
                chain: RPCChainReader(client: client, contracts: .local), rooms: rooms, clock: clock,
                random: .seeded(1))
        }

        /// Signs and sends a transaction from dev account `i`; returns its receipt's status.
        @discardableResult
        func send(_ i: Int, _ call: PreparedCall) async throws -> Bool {
            try await send(i, to: call.to, data: call.data.bytes, value: UInt256(call.value)!)
        }

        @discardableResult
        func send(_ i: Int, to: Address, data: [UInt8], value: UInt256 = 0) async throws -> Bool {
            let key = DevKeys.keys[i]
            let nonce = try await client.transactionCount(of: key.address, at: .pending)
            let tx = EIP1559Transaction(
                chainID: 31337, nonce: nonce, maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 100_000_000_000,
                gasLimit: 500_000, to: to, value: value, data: data)
            let hash = try await client.sendRawTransaction(try tx.sign(with: key).encode())
            let receipt = try #require(try await client.receipt(of: hash))
            return receipt.status == 1
        }

        func tick(after seconds: Double) async {
            clock.advance(by: seconds)
            await matchmaker.tick()
        }
    }

    @Test func readsTheGenesisState() async throws {
        let s = try Setup()
        let reader = RPCChainReader(client: s.client, contracts: .local)
        #expect(try await reader.chainID() == 31337)
        #expect(try await reader.nativeBalance(of: DevKeys.address(5)) == UInt256("10000000000000000000000")!)
        #expect(try await reader.balanceOf(contract: Deployments.chain31337.testToken, owner: DevKeys.address(5)) == 0)
        #expect(try await reader.rating(of: DevKeys.address(5)) == Rating(count: 0, sum: 0))
        #expect(try await reader.session(1).status == EscrowSessionStatus.none)
        #expect(try await reader.deposits(student: nil, tutor: nil, fromBlock: 0).isEmpty)
        // Reads of a contract that is not there fail cleanly.
        let error = await caught { () throws(MatchmakerError) in
            try await reader.balanceOf(
                contract: try! Address(hex: "0x000000000000000000000000000000000000dEaD"), owner: .zero)
        }
        guard case .chainUnavailable(let why) = try #require(error) else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(
            why.hasPrefix(
                "balanceOf(address) on 0x000000000000000000000000000000000000dEaD answered 0 bytes that do not decode"))
    }

    @Test func aWholeNativeSessionFromMatchToProgress() async throws {
        let s = try Setup()
        let tutor = DevKeys.address(3)
        let student = DevKeys.address(4)
        let rate = UInt256(1_000_000_000_000)  // 10^12 wei per second
        _ = try await s.matchmaker.setProfile(
            tutor: tutor, languages: ["en"], levels: ["b1"], ratePerSecond: rate, token: .zero)
        _ = try await s.matchmaker.goOnline(tutor: tutor, leaseSeconds: 3600)
        let request = try await s.matchmaker.requestMatch(
            student: student, filters: Harness.filters(maxRate: rate, cap: 600))
        let proposal = try #require(try await s.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await s.matchmaker.accept(proposalID: proposal.proposalId, tutor: tutor)
        let match = try #require(
            try await s.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).match)
        let deposit = try #require(match.deposit)
        #expect(deposit.value == String(rate * 600))

        // The student's wallet sends exactly the prepared call.
        #expect(try await s.send(4, deposit))
        await s.tick(after: 2)
        var view = try await s.matchmaker.match(match.matchId, participant: student)
        #expect(view.status == .inSession)
        #expect(view.sessionId == "1")

        // The relayer starts it, 300 s pass, the relayer stops it there.
        let relayer = 1
        #expect(
            try await s.send(
                relayer, to: Deployments.chain31337.sessionEscrow,
                data: SessionEscrow.StartSession(sessionId: 1).calldata))
        let startedAt = try await RPCChainReader(client: s.client, contracts: .local).session(1)
        #expect(startedAt.status == .active)
        s.clock.advance(by: 300)
        let session = try await s.client.call(
            TransactionRequest(
                to: Deployments.chain31337.sessionEscrow,
                input: HexBytes(SessionEscrow.GetSession(sessionId: 1).calldata)))
        let started = try SessionEscrow.GetSession.decodeOutput(session).startedAt
        #expect(
            try await s.send(
                relayer, to: Deployments.chain31337.sessionEscrow,
                data: SessionEscrow.StopSessionAt(sessionId: 1, endedAt: started + 300).calldata))
        await s.tick(after: 2)
        view = try await s.matchmaker.match(match.matchId, participant: tutor)
        #expect(view.status == .ended)
        #expect(try await s.matchmaker.tutorView(tutor).busyMatchId == nil)

        // Credential and ratings.
        #expect(
            try await s.send(
                3, to: Deployments.chain31337.sessionCredential, data: SessionCredential.Attest(sessionId: 1).calldata))
        #expect(
            try await s.send(
                4, to: Deployments.chain31337.sessionCredential, data: SessionCredential.Claim(sessionId: 1).calldata))
        #expect(
            try await s.send(
                4, to: Deployments.chain31337.sessionRatings,
                data: SessionRatings.Rate(sessionId: 1, stars: 5, commentHash: Hash.zero).calldata))
        #expect(
            try await s.send(
                3, to: Deployments.chain31337.sessionRatings,
                data: SessionRatings.Rate(sessionId: 1, stars: 4, commentHash: Hash.zero).calldata))

        s.matchmaker.chain.invalidate()
        let profile = try await s.matchmaker.tutorProfile(tutor)
        #expect(profile.averageRating == 5 && profile.ratingCount == "1")
        #expect(profile.secondsTaught == "300")
        #expect(profile.sessionsCompleted == 1)
        #expect(profile.online && !profile.busy)
        let progress = try await s.matchmaker.studentProgress(student)
        #expect(progress.secondsLearned == "300")
        #expect(progress.sessions == 1 && progress.sessionsCompleted == 1)
        #expect(progress.credentials.count == 1)
        let credential = try #require(progress.credentials.first)
        #expect(credential.tokenId == "1" && credential.tutor == tutor && credential.billedSeconds == "300")
        #expect(UInt64(credential.issuedAt)! >= Self.genesis)

        // The rating filter now sees the tutor's 5 stars; the credential filter sees the student's credential.
        _ = try await s.matchmaker.setProfile(
            tutor: student, languages: ["en"], levels: ["b1"], ratePerSecond: 1, token: .zero)
        _ = try await s.matchmaker.goOnline(tutor: student, leaseSeconds: 60)
        let credentialed = try await s.matchmaker.requestMatch(
            student: DevKeys.address(6),
            filters: Harness.filters(maxRate: 1, credential: Deployments.chain31337.sessionCredential))
        #expect(credentialed.status == .matching)
        let rated = try await s.matchmaker.requestMatch(
            student: DevKeys.address(7), filters: Harness.filters(maxRate: rate, minRating: 4.5))
        #expect(rated.status == .matching)
    }

    @Test func anERC20SessionNeedsTheApproveCallFirst() async throws {
        let s = try Setup()
        let token = Deployments.chain31337.testToken
        let tutor = DevKeys.address(3)
        let student = DevKeys.address(4)
        _ = try await s.matchmaker.setProfile(
            tutor: tutor, languages: ["en"], levels: ["b1"], ratePerSecond: 100, token: token)
        _ = try await s.matchmaker.goOnline(tutor: tutor, leaseSeconds: 3600)
        // No tokens yet: not affordable.
        let broke = try await s.matchmaker.requestMatch(
            student: student, filters: Harness.filters(maxRate: 100, cap: 60, token: token))
        #expect(broke.status == .noTutor)
        #expect(
            broke.reason?.hasPrefix("your balance of 0 in token 0x5FbDB2315678afecb367f032d93F642f64180aa3") == true)
        #expect(try await s.send(4, to: token, data: TestToken.Mint(to: student, amount: 6000).calldata))
        s.matchmaker.chain.invalidate()
        let request = try await s.matchmaker.requestMatch(
            student: student, filters: Harness.filters(maxRate: 100, cap: 60, token: token))
        let proposal = try #require(try await s.matchmaker.proposals(tutor: tutor, wait: 0).proposals.first)
        _ = try await s.matchmaker.accept(proposalID: proposal.proposalId, tutor: tutor)
        let match = try #require(
            try await s.matchmaker.matchStatus(requestID: request.requestId, student: student, wait: 0).match)
        #expect(match.allowance == "0")
        let approve = try #require(match.approve)
        let deposit = try #require(match.deposit)
        #expect(deposit.value == "0")
        // Depositing before approving reverts; after approving it goes through.
        #expect(try await s.send(4, deposit) == false)
        #expect(try await s.send(4, approve))
        #expect(try await s.send(4, deposit))
        await s.tick(after: 2)
        #expect(try await s.matchmaker.match(match.matchId, participant: student).status == .inSession)
    }
}
