import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Logging
import Relayer
import Secp256k1
import Transactions

/// A Metered chain in process (the genesis of CONTRACTS.md, time from a manual clock), reached only through a
/// ``JSONRPCClient`` whose transport can misbehave, and a relayer engine on it with development account 1's key
/// (the genesis relayer).
struct RelayerHarness {
    static let start: Double = 1_700_000_000
    static let relayerKey = MeteredGenesis.devAccounts[1].privateKey
    static var relayer: Address { relayerKey.address }
    static let rate: UInt256 = 1_000_000_000_000  // 1,000 gwei a second
    static let cap: UInt256 = 3600

    let clock: ManualUnixClock
    let chain: Chain
    let transport: FaultyTransport
    let client: JSONRPCClient
    let outbox: Outbox
    let engine: RelayerEngine
    let configuration: RelayerConfiguration

    static func chainConfig(automine: Bool) -> ChainConfig {
        ChainConfig(
            chainID: MeteredGenesis.chainID,
            accounts: MeteredGenesis.accounts.map {
                GenesisAccount(address: $0, balance: MeteredGenesis.accountBalance)
            },
            devAccounts: MeteredGenesis.devAccounts,
            genesisTimestamp: UInt64(start), models: MeteredGenesis.models,
            genesisDeployments: MeteredGenesis.deployments.map {
                GenesisDeployment(deployer: MeteredGenesis.deployer, initCode: $0.initCode)
            },
            genesisCalls: MeteredGenesis.setupCalls.map {
                GenesisCall(from: MeteredGenesis.deployer, to: $0.to, data: $0.data)
            },
            automine: automine)
    }

    static func defaultConfiguration() -> RelayerConfiguration {
        RelayerConfiguration(chainID: MeteredGenesis.chainID, escrow: MeteredGenesis.escrow)
    }

    /// A harness; `configure` changes the relayer's configuration.
    init(
        automine: Bool = true, outbox: Outbox? = nil, logger: Logger = RelayerHarness.logger,
        configure: (inout RelayerConfiguration) -> Void = { _ in }
    ) async throws {
        clock = ManualUnixClock(start: Self.start)
        chain = try Chain(config: Self.chainConfig(automine: automine), clock: clock)
        transport = FaultyTransport(InProcessTransport(dispatcher: ChainRPC.dispatcher(chain)))
        client = JSONRPCClient(transport: transport)
        var configuration = Self.defaultConfiguration()
        configure(&configuration)
        self.configuration = configuration
        self.outbox = try outbox ?? Outbox()
        engine = RelayerEngine(
            key: Self.relayerKey, client: client, outbox: self.outbox, configuration: configuration, clock: clock,
            logger: logger, jitterSeed: 42)
    }

    /// The same chain, clock and outbox with a new engine: what a restart after a crash looks like.
    func restarted() -> RelayerEngine {
        RelayerEngine(
            key: Self.relayerKey, client: client, outbox: outbox, configuration: configuration, clock: clock,
            logger: Self.logger, jitterSeed: 7)
    }

    static let logger: Logger = {
        var logger = Logger(label: "test.relayer")
        logger.logLevel = ProcessInfo.processInfo.environment["RELAYER_TEST_LOGS"] == nil ? .critical : .trace
        return logger
    }()

    // MARK: Acting on the chain directly (the students, the tutors, someone else with the relayer's key)

    /// Signs and sends a transaction from development account `account`.
    @discardableResult
    func send(from account: Int, to: Address, data: [UInt8] = [], value: UInt256 = 0, tip: UInt256 = 1_000_000_000)
        throws -> Hash
    {
        let key = MeteredGenesis.devAccounts[account].privateKey
        let nonce = try chain.nonce(of: key.address, at: .pending)
        let transaction = EIP1559Transaction(
            chainID: MeteredGenesis.chainID, nonce: nonce, maxPriorityFeePerGas: tip,
            maxFeePerGas: 100_000_000_000, gasLimit: 1_000_000, to: to, value: value, data: data)
        return try chain.sendRawTransaction(transaction.sign(with: key).encode())
    }

    /// Account `student` deposits for a session with `tutor`; returns the session id.
    func openSession(student: Int = 2, tutor: Int = 3) throws -> UInt256 {
        let id = try nextSessionID()
        try send(
            from: student, to: MeteredGenesis.escrow,
            data: SessionEscrow.Deposit(
                tutor: MeteredGenesis.accounts[tutor], token: .zero, ratePerSecond: Self.rate, capSeconds: Self.cap
            ).calldata,
            value: Self.rate * Self.cap)
        return id
    }

    /// The tutor starts the session itself.
    func startAsTutor(_ session: UInt256, tutor: Int = 3) throws {
        try send(from: tutor, to: MeteredGenesis.escrow, data: SessionEscrow.StartSession(sessionId: session).calldata)
    }

    func nextSessionID() throws -> UInt256 {
        try SessionEscrow.NextSessionId.decodeOutput(
            chain.call(
                TransactionRequest(to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.NextSessionId().calldata))))
    }

    func session(_ id: UInt256) throws -> SessionEscrow.GetSession.Output {
        try SessionEscrow.GetSession.decodeOutput(
            chain.call(
                TransactionRequest(
                    to: MeteredGenesis.escrow, input: HexBytes(SessionEscrow.GetSession(sessionId: id).calldata))))
    }

    /// The escrow's status codes.
    enum Status: UInt8 {
        case none = 0
        case funded, active, settled, cancelled
    }

    func status(_ id: UInt256) throws -> Status? { Status(rawValue: try session(id).status) }

    // MARK: Driving the engine

    /// Steps the engine until `done` holds, moving the clock by `tick` seconds between steps; fails after `limit`
    /// steps.
    func stepUntil(
        _ engine: RelayerEngine? = nil, tick: Double = 1, limit: Int = 50,
        _ done: () async throws -> Bool
    ) async throws {
        let engine = engine ?? self.engine
        for _ in 0..<limit {
            await engine.step()
            if try await done() { return }
            clock.advance(by: tick)
        }
        throw HarnessError.gaveUp(limit)
    }

    func state(_ key: String) async throws -> IntentState? { try await outbox.intent(key: key)?.state }

    enum HarnessError: Error { case gaveUp(Int) }

    /// The transactions the relayer's address sent that were mined, in block order.
    func minedFromRelayer() -> [Transaction] {
        (0...chain.blockNumber).flatMap { number -> [Transaction] in
            guard case .full(let transactions)? = chain.block(number: number, fullTransactions: true)?.transactions
            else { return [] }
            return transactions.filter { $0.from == Self.relayer }
        }
    }
}

extension SignedTransaction {
    /// The decoded raw transaction, for assertions on what the relayer sent.
    static func decoded(_ raw: [UInt8]) -> SignedTransaction? { try? SignedTransaction.decode(raw) }
}

extension RelayerHarness {
    /// Mines one block with what the pool holds.
    func mine() throws { try chain.mine() }

    /// The relayer's transactions stored for an intent, oldest first.
    func transactions(_ key: String) async throws -> [OutboxTransaction] {
        try await outbox.transactions(intentKey: key)
    }

    /// A session opened and started by its tutor (mining as needed when automine is off).
    func activeSession(student: Int = 2, tutor: Int = 3) throws -> (id: UInt256, startedAt: UInt64) {
        let id = try openSession(student: student, tutor: tutor)
        if !chain.automine { try mine() }
        try startAsTutor(id, tutor: tutor)
        if !chain.automine { try mine() }
        return (id, UInt64(try session(id).startedAt))
    }
}
