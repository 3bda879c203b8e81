import ArgumentParser
import Backend
import EthPrimitives
import Foundation
import JSONRPC
import Relayer
import Secp256k1

/// `metered relayer`: the relayer alone, pointed at any JSON-RPC endpoint, taking intents over HTTP.
struct RelayerVerb: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "relayer",
        abstract: "Run the relayer against any JSON-RPC endpoint: intents in over HTTP, escrow transactions out.",
        discussion: """
            Signs with the key of a keystore (--keystore with --password-file) or of METERED_PRIVATE_KEY; the key \
            is never printed or logged. Its account must be a relayer of the escrow (setRelayer) and hold gas \
            money. Intents (POST /v1/intents) are committed to <data-dir>/relayer.sqlite before anything is signed.

            Examples:
              METERED_PRIVATE_KEY=0x… metered relayer --rpc-url https://sepolia.example/rpc
              metered relayer --keystore relayer.json --password-file password.txt --max-fee-gwei 50
            """
    )

    @OptionGroup var chain: RemoteChainOptions

    @Option(help: "The interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8601

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Where relayer.sqlite (the outbox) lives.", valueName: "dir"))
    var dataDirectory = ".metered"

    @Option(help: ArgumentHelp("A keystore (Web3 Secret Storage v3) file holding the key.", valueName: "file"))
    var keystore: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("The file whose first line is the keystore's password.", valueName: "file"))
    var passwordFile: String?

    @Option(
        name: .customLong("max-fee-gwei"),
        help: ArgumentHelp("The cap on maxFeePerGas, in gwei; replacements never go above it.", valueName: "gwei"))
    var maxFeeGwei: UInt64 = 500

    init() {}

    func validate() throws {
        guard (0...65_535).contains(port) else { throw UsageError("--port must be 0…65535, got \(port)") }
        if dataDirectory.isEmpty { throw UsageError("--data-dir needs a directory path") }
        if keystore != nil, passwordFile == nil {
            throw UsageError("--keystore needs --password-file <file> with the keystore's password")
        }
        if passwordFile != nil, keystore == nil {
            throw UsageError("--password-file is only read with --keystore <file>")
        }
        if maxFeeGwei == 0 { throw UsageError("--max-fee-gwei must be at least 1") }
    }

    func serve(_ console: ServiceConsole) async throws {
        let source: RelayerKeySource =
            if let keystore, let passwordFile {
                .keystore(path: keystore, passwordFile: passwordFile)
            } else {
                .environment(variable: RelayerKeySource.defaultVariable)
            }
        let key: PrivateKey
        do {
            key = try source.load(environment: console.environment)
        } catch {
            throw UsageError(error.description)
        }
        do {
            try await PortProbe.ensureFree([("--port", port)], host: host)
        } catch {
            throw UsageError("relayer: \(error)")
        }
        let (client, contracts) = try await chain.connect()
        let logger = console.logger(label: "metered.relayer")
        let engine: RelayerEngine
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            engine = try ServiceFactory.relayerEngine(
                key: key, client: client, contracts: contracts, databasePath: dataDirectory + "/relayer.sqlite",
                fees: FeePolicy(maxFeePerGasCap: UInt256(maxFeeGwei) * FeePolicy.gwei), clock: SystemUnixClock(),
                logger: logger)
        } catch {
            throw UsageError("relayer: \(ServiceErrors.oneLine(error))")
        }
        let application = ServiceFactory.relayerApplication(
            engine: engine, host: host, port: port, logger: console.logger(label: "metered.relayer.http")
        ) { [chain, maxFeeGwei] bound in
            console.print("Metered relayer")
            console.print("")
            console.print("Account            \(engine.address.checksummed) (key from \(source))")
            console.print("Chain              \(contracts.chainID) via \(chain.redactedURLs)")
            console.print("SessionEscrow      \(contracts.escrow.checksummed)")
            console.print("Fee cap            \(maxFeeGwei) gwei")
            console.print("")
            console.print("Listening on http://\(host):\(bound)  (POST /v1/intents, GET /v1/intents/{key})")
        }
        try await ServiceVerbRunner.run([engine, application], verb: "relayer", console: console)
    }
}
