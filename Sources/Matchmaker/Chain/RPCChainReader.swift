import Contracts
public import EthPrimitives
import JSONRPC
public import JSONRPCClient

/// The ``ChainReader`` of a real node: `eth_call`, `eth_blockNumber`, `eth_getBalance` and `eth_getLogs` through
/// the JSON-RPC client, with calldata, return data and events encoded and decoded by the generated bindings.
///
/// Works the same against `metered node` (or an in-process node through `InProcessTransport`) and a testnet.
public struct RPCChainReader: ChainReader {
    /// The client.
    public let client: JSONRPCClient
    /// The contracts read.
    public let contracts: MeteredContracts

    /// A reader of `contracts` through `client`.
    public init(client: JSONRPCClient, contracts: MeteredContracts) {
        self.client = client
        self.contracts = contracts
    }

    private func rpc<T>(_ what: String, _ body: () async throws(JSONRPCClientError) -> T) async throws(MatchmakerError)
        -> T
    {
        do {
            return try await body()
        } catch {
            throw .chainUnavailable("\(what): \(error.description)")
        }
    }

    private func call<F: ContractFunction>(_ function: F, on contract: Address) async throws(MatchmakerError)
        -> F.Output
    {
        let data = try await rpc("eth_call \(F.signature) on \(contract.checksummed)") {
            () throws(JSONRPCClientError) in
            try await client.call(TransactionRequest(to: contract, input: HexBytes(function.calldata)))
        }
        do {
            return try F.decodeOutput(data)
        } catch {
            throw .chainUnavailable(
                "\(F.signature) on \(contract.checksummed) answered \(data.count) bytes that do not decode: \(error)")
        }
    }

    public func chainID() async throws(MatchmakerError) -> UInt64 {
        try await rpc("eth_chainId") { () throws(JSONRPCClientError) in try await client.chainID() }
    }

    public func blockNumber() async throws(MatchmakerError) -> UInt64 {
        try await rpc("eth_blockNumber") { () throws(JSONRPCClientError) in try await client.blockNumber() }
    }

    public func nativeBalance(of account: Address) async throws(MatchmakerError) -> UInt256 {
        try await rpc("eth_getBalance") { () throws(JSONRPCClientError) in try await client.balance(of: account) }
    }

    public func balanceOf(contract: Address, owner: Address) async throws(MatchmakerError) -> UInt256 {
        // ERC-20 and ERC-721 share `balanceOf(address) -> uint256`.
        try await call(TestToken.BalanceOf(owner: owner), on: contract)
    }

    public func allowance(token: Address, owner: Address, spender: Address) async throws(MatchmakerError) -> UInt256 {
        try await call(TestToken.Allowance(owner: owner, spender: spender), on: token)
    }

    public func rating(of account: Address) async throws(MatchmakerError) -> Rating {
        let output = try await call(SessionRatings.RatingOf(account: account), on: contracts.ratings)
        return Rating(count: output._0, sum: output._1)
    }

    public func secondsTaught(_ tutor: Address) async throws(MatchmakerError) -> UInt256 {
        try await call(SessionEscrow.SecondsTaught(tutor: tutor), on: contracts.escrow)
    }

    public func secondsLearned(_ student: Address) async throws(MatchmakerError) -> UInt256 {
        try await call(SessionEscrow.SecondsLearned(student: student), on: contracts.escrow)
    }

    public func deposits(student: Address?, tutor: Address?, fromBlock: UInt64) async throws(MatchmakerError)
        -> [DepositEvent]
    {
        let filter = LogFilter(
            fromBlock: .number(fromBlock), toBlock: .latest, address: [contracts.escrow],
            topics: SessionEscrow.Deposited.topicFilter(student: student, tutor: tutor))
        let logs = try await rpc("eth_getLogs Deposited") { () throws(JSONRPCClientError) in
            try await client.logs(filter)
        }
        var events: [DepositEvent] = []
        for log in logs where !log.removed {
            do {
                let e = try SessionEscrow.Deposited.decode(topics: log.topics, data: log.data.bytes)
                events.append(
                    DepositEvent(
                        sessionID: e.sessionId, student: e.student, tutor: e.tutor, token: e.token,
                        ratePerSecond: e.ratePerSecond, capSeconds: e.capSeconds, blockNumber: log.blockNumber ?? 0))
            } catch {
                throw .chainUnavailable("a Deposited log does not decode: \(error)")
            }
        }
        return events
    }

    public func session(_ sessionID: UInt256) async throws(MatchmakerError) -> EscrowSession {
        let s = try await call(SessionEscrow.GetSession(sessionId: sessionID), on: contracts.escrow)
        let status = EscrowSessionStatus(rawValue: s.status) ?? .none
        var billed: UInt64 = 0
        if status == .settled, s.startedAt > 0 {
            let end = min(s.endedAt, s.startedAt + s.capSeconds)
            billed = end > s.startedAt ? UInt64(clamping: end - s.startedAt) : 0
        }
        return EscrowSession(
            student: s.student, tutor: s.tutor, status: status, billedSeconds: billed,
            endedAt: UInt64(clamping: s.endedAt))
    }

    public func credentials(of student: Address) async throws(MatchmakerError) -> [CredentialInfo] {
        let filter = LogFilter(
            fromBlock: .number(0), toBlock: .latest, address: [contracts.credential],
            topics: SessionCredential.Transfer.topicFilter(sender: .zero, receiver: student))
        let logs = try await rpc("eth_getLogs Transfer") { () throws(JSONRPCClientError) in
            try await client.logs(filter)
        }
        var credentials: [CredentialInfo] = []
        for log in logs where !log.removed {
            let transfer: SessionCredential.Transfer
            do {
                transfer = try SessionCredential.Transfer.decode(topics: log.topics, data: log.data.bytes)
            } catch {
                throw .chainUnavailable("a Transfer log does not decode: \(error)")
            }
            let c = try await call(SessionCredential.CredentialOf(tokenId: transfer.tokenId), on: contracts.credential)
            credentials.append(
                CredentialInfo(
                    tokenID: transfer.tokenId, student: c.student, tutor: c.tutor, billedSeconds: c.billedSeconds,
                    issuedAt: c.issuedAt))
        }
        return credentials
    }
}
