import ArgumentParser
import Backend
import Foundation
import JSONRPC
import ServiceLifecycle

/// `metered matchmaker`: the matchmaker alone, pointed at any JSON-RPC endpoint.
struct MatchmakerVerb: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "matchmaker",
        abstract: "Run the matchmaker against any JSON-RPC endpoint: sign-in, tutors, roulette, bookings, rooms.",
        discussion: """
            Wallets sign in with Sign-In with Ethereum messages naming --siwe-domain and the node's chain id. \
            Balances, credentials and ratings are read from the chain. State and the room-token signing key live \
            under --data-dir (matchmaker.sqlite, room-key.pem).

            Examples:
              metered matchmaker --rpc-url https://sepolia.example/rpc --siwe-domain app.example.com
            """
    )

    @OptionGroup var chain: RemoteChainOptions

    @Option(help: "The interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8602

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Where matchmaker.sqlite and the room key live.", valueName: "dir"))
    var dataDirectory = ".metered"

    @Option(
        name: .customLong("siwe-domain"),
        help: ArgumentHelp(
            "The domain Sign-In with Ethereum messages must name (the web app's host[:port]).",
            valueName: "host"))
    var siweDomain = "localhost:3000"

    init() {}

    func validate() throws {
        guard (0...65_535).contains(port) else { throw UsageError("--port must be 0…65535, got \(port)") }
        if dataDirectory.isEmpty { throw UsageError("--data-dir needs a directory path") }
        if siweDomain.isEmpty { throw UsageError("--siwe-domain needs a host") }
    }

    func serve(_ console: ServiceConsole) async throws {
        do {
            try await PortProbe.ensureFree([("--port", port)], host: host)
        } catch {
            throw UsageError("matchmaker: \(error)")
        }
        let (client, contracts) = try await chain.connect()
        let service: any Service
        do {
            service = try ServiceFactory.matchmakerService(
                client: client, contracts: contracts, dataDirectory: dataDirectory, host: host, port: port,
                siweDomain: siweDomain, clock: SystemUnixClock(), logger: console.logger(label: "metered.matchmaker")
            ) { [chain, siweDomain] bound in
                console.print("Metered matchmaker")
                console.print("")
                console.print("Chain              \(contracts.chainID) via \(chain.redactedURLs)")
                console.print("SessionEscrow      \(contracts.escrow.checksummed)")
                console.print("SIWE domain        \(siweDomain)")
                console.print("")
                console.print("Listening on http://\(host):\(bound)  (GET /v1/auth/nonce, POST /v1/match)")
            }
        } catch {
            throw UsageError("matchmaker: \(ServiceErrors.oneLine(error))")
        }
        try await ServiceVerbRunner.run([service], verb: "matchmaker", console: console)
    }
}
