public import EthPrimitives
public import Heartbeat
public import JSONRPC
public import JSONRPCClient
public import Matchmaker

/// The services' views of the chain, over a ``JSONRPCClient/JSONRPCClient`` and the generated contract bindings,
/// so the same code runs against the in-process node of `metered up` and against a testnet.
public enum ChainAdapters {
    /// The heartbeat's ``Heartbeat/SessionDirectory``: ``Heartbeat/ChainSessionDirectory`` on the escrow (its
    /// first read of the escrow's logs starts at the chain's head; sessions opened before are read with
    /// `getSession` on their first ping).
    public static func sessionDirectory(
        client: JSONRPCClient, contracts: ContractAddresses, clock: any UnixClock
    ) -> any SessionDirectory {
        ChainSessionDirectory(client: client, escrow: contracts.escrow, clock: clock)
    }

    /// The matchmaker's ``Matchmaker/ChainReader``: ``Matchmaker/RPCChainReader`` on the three contracts.
    public static func chainReader(client: JSONRPCClient, contracts: ContractAddresses) -> any ChainReader {
        RPCChainReader(client: client, contracts: contracts.matchmakerContracts)
    }
}

extension ContractAddresses {
    /// The matchmaker's view of the addresses.
    public var matchmakerContracts: MeteredContracts {
        MeteredContracts(escrow: escrow, ratings: ratings, credential: credential)
    }
}
