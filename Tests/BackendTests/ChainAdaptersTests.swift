import Backend
import ChainSim
import Contracts
import EthPrimitives
import Heartbeat
import JSONRPC
import JSONRPCClient
import Logging
import Matchmaker
import Node
import Testing

/// The services' views of the chain, read through the JSON-RPC client from the in-process node.
@Suite struct ChainAdaptersTests {
    let clock = ManualUnixClock(start: 1_767_225_600)
    let chain: Chain
    let client: JSONRPCClient
    let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let accounts = MeteredGenesis.devAccounts
    let rate = UInt256(1_000_000_000_000 as UInt64)

    init() throws {
        chain = try Chain(config: LocalNode.meteredConfig(genesisTimestamp: 1_767_225_600), clock: clock)
        client = JSONRPCClient(transport: InProcessTransport(dispatcher: LocalNode(chain: chain).dispatcher))
    }

    /// The student (account 2) deposits for a 600 s session with the tutor (account 3); returns its id.
    func deposit() async throws -> UInt256 {
        let call = SessionEscrow.Deposit(
            tutor: accounts[3].address, token: .zero, ratePerSecond: rate, capSeconds: 600)
        let receipt = try await sendCall(
            client, from: accounts[2].privateKey, to: MeteredGenesis.escrow, data: call.calldata, value: rate * 600)
        let log = try #require(receipt.logs.first { $0.topics.first == SessionEscrow.Deposited.topic })
        return try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes).sessionId
    }

    @Test func theSessionDirectoryReadsSessionsAndFollowsTheEscrowsLogs() async throws {
        let directory = ChainAdapters.sessionDirectory(client: client, contracts: .local, clock: clock)
        #expect(try await directory.changes().isEmpty, "the first call starts at the head")
        #expect(try await directory.session(1) == nil)

        let id = try await deposit()
        // The directory trusts its reading of nextSessionId() for a second of its clock.
        clock.advance(by: 1)
        let funded = try #require(try await directory.session(id))
        #expect(funded.status == .funded)
        #expect(funded.student == accounts[2].address && funded.tutor == accounts[3].address)
        #expect(funded.ratePerSecond == rate && funded.capSeconds == 600 && funded.startedAt == 0)
        #expect(try await directory.changes().isEmpty, "a deposit is not an event the heartbeat follows")

        clock.advance(by: 10)
        let relayer = accounts[1].privateKey
        let start = try await sendCall(
            client, from: relayer, to: MeteredGenesis.escrow, data: SessionEscrow.StartSession(sessionId: id).calldata)
        let startedAt = try #require(try await client.block(.number(start.blockNumber), fullTransactions: false))
            .timestamp
        #expect(try await directory.changes() == [.started(sessionID: id, startedAt: startedAt)])
        #expect(try await directory.changes().isEmpty, "nothing is read twice")

        clock.advance(by: 30)
        let stop = SessionEscrow.StopSessionAt(sessionId: id, endedAt: UInt256(startedAt + 20))
        _ = try await sendCall(client, from: relayer, to: MeteredGenesis.escrow, data: stop.calldata)
        #expect(
            try await directory.changes() == [
                .stopped(sessionID: id, endedAt: startedAt + 20), .settled(sessionID: id),
            ])
        let settled = try #require(try await directory.session(id))
        #expect(settled.status == .settled && settled.endedAt == startedAt + 20)
    }

    @Test func theMatchmakersReaderReadsBalancesSessionsRatingsAndCredentials() async throws {
        let reader = ChainAdapters.chainReader(client: client, contracts: .local)
        let student = accounts[2].address
        let tutor = accounts[3].address
        #expect(try await reader.chainID() == 31337)
        #expect(try await reader.nativeBalance(of: student) == MeteredGenesis.accountBalance)
        #expect(try await reader.balanceOf(contract: MeteredGenesis.testToken, owner: student) == 0)
        #expect(try await reader.allowance(token: MeteredGenesis.testToken, owner: student, spender: tutor) == 0)

        let id = try await deposit()
        let deposits = try await reader.deposits(student: student, tutor: nil, fromBlock: 0)
        #expect(deposits.count == 1)
        #expect(deposits.first?.sessionID == id && deposits.first?.tutor == tutor && deposits.first?.capSeconds == 600)
        #expect(try await reader.deposits(student: tutor, tutor: nil, fromBlock: 0).isEmpty)
        #expect(try await reader.session(id).status == .funded)

        // 90 s billed, then the credential and a rating.
        let relayer = accounts[1].privateKey
        clock.advance(by: 5)
        let start = try await sendCall(
            client, from: relayer, to: MeteredGenesis.escrow, data: SessionEscrow.StartSession(sessionId: id).calldata)
        let startedAt = try #require(try await client.block(.number(start.blockNumber), fullTransactions: false))
            .timestamp
        clock.advance(by: 120)
        _ = try await sendCall(
            client, from: relayer, to: MeteredGenesis.escrow,
            data: SessionEscrow.StopSessionAt(sessionId: id, endedAt: UInt256(startedAt + 90)).calldata)
        let session = try await reader.session(id)
        #expect(session.status == .settled && session.billedSeconds == 90 && session.endedAt == startedAt + 90)
        #expect(try await reader.secondsTaught(tutor) == 90)
        #expect(try await reader.secondsLearned(student) == 90)

        _ = try await sendCall(
            client, from: accounts[3].privateKey, to: MeteredGenesis.credential,
            data: SessionCredential.Attest(sessionId: id).calldata)
        _ = try await sendCall(
            client, from: accounts[2].privateKey, to: MeteredGenesis.credential,
            data: SessionCredential.Claim(sessionId: id).calldata)
        let credentials = try await reader.credentials(of: student)
        #expect(credentials.map(\.tokenID) == [id])
        #expect(credentials.first?.tutor == tutor && credentials.first?.billedSeconds == 90)
        #expect(try await reader.credentials(of: tutor).isEmpty)
        #expect(try await reader.balanceOf(contract: MeteredGenesis.credential, owner: student) == 1)

        _ = try await sendCall(
            client, from: accounts[2].privateKey, to: MeteredGenesis.ratings,
            data: SessionRatings.Rate(sessionId: id, stars: 4, commentHash: .zero).calldata)
        #expect(try await reader.rating(of: tutor) == Rating(count: 1, sum: 4))
    }

    @Test func anUnreachableNodeIsChainUnavailable() async throws {
        let down = JSONRPCClient(
            urls: ["http://127.0.0.1:9"], options: .init(timeout: .seconds(5), maximumRetries: 0))
        let reader = ChainAdapters.chainReader(client: down, contracts: .local)
        await #expect {
            _ = try await reader.nativeBalance(of: accounts[2].address)
        } throws: { error in
            if case .chainUnavailable(let reason) = error as? MatchmakerError {
                return reason.hasPrefix("eth_getBalance")
            }
            return false
        }
    }
}
