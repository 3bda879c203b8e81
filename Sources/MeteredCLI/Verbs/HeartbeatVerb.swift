import ArgumentParser
import Backend
import Foundation
import JSONRPC
import ServiceLifecycle

/// `metered heartbeat`: the heartbeat service alone, pointed at any JSON-RPC endpoint, handing its intents to a
/// relayer over HTTP.
struct HeartbeatVerb: MeteredServiceVerb {
    static let configuration = CommandConfiguration(
        commandName: "heartbeat",
        abstract: "Run the heartbeat service against any JSON-RPC endpoint, with a relayer reached over HTTP.",
        discussion: """
            Accepts the participants' signed pings (POST /v1/ping), starts a funded session when both are \
            present, stops an active one at the last moment both were seen when one falls silent past --timeout, \
            and settles at the cap, by posting intents to the relayer at --relayer-url (metered relayer). Pings \
            and sessions are kept in <data-dir>/heartbeat.sqlite.

            Examples:
              metered heartbeat --rpc-url https://sepolia.example/rpc --relayer-url http://10.0.0.5:8601
              metered heartbeat --deployments deployments.json --webhook-secret-file secret.txt
            """
    )

    @OptionGroup var chain: RemoteChainOptions

    @Option(help: "The interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8600

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Where heartbeat.sqlite lives.", valueName: "dir"))
    var dataDirectory = ".metered"

    @Option(
        help: ArgumentHelp(
            "Seconds a participant may stay silent before an active session is stopped.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(
        name: .customLong("webhook-secret-file"),
        help: ArgumentHelp(
            "The file holding the room webhooks' shared secret (HMAC-SHA256); without it webhooks are refused.",
            valueName: "file"))
    var webhookSecretFile: String?

    @Option(
        name: .customLong("relayer-url"),
        help: ArgumentHelp("The relayer's base URL (metered relayer), where intents are posted.", valueName: "url"))
    var relayerURL = "http://127.0.0.1:8601"

    init() {}

    func validate() throws {
        guard (0...65_535).contains(port) else { throw UsageError("--port must be 0…65535, got \(port)") }
        guard timeout > 0, timeout.isFinite else { throw UsageError("--timeout must be a positive number of seconds") }
        if dataDirectory.isEmpty { throw UsageError("--data-dir needs a directory path") }
        do {
            _ = try RelayerHTTPSink(baseURL: relayerURL)
        } catch {
            throw UsageError("--relayer-url: \(error)")
        }
    }

    func serve(_ console: ServiceConsole) async throws {
        do {
            try await PortProbe.ensureFree([("--port", port)], host: host)
        } catch {
            throw UsageError("heartbeat: \(error)")
        }
        let (client, contracts) = try await chain.connect()
        let logger = console.logger(label: "metered.heartbeat")
        let application: any Service
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let engine = try ServiceFactory.heartbeatEngine(
                client: client, contracts: contracts, databasePath: dataDirectory + "/heartbeat.sqlite",
                timeout: timeout, webhookSecretFile: webhookSecretFile, sink: try RelayerHTTPSink(baseURL: relayerURL),
                clock: SystemUnixClock(), logger: logger)
            application = ServiceFactory.heartbeatApplication(engine: engine, host: host, port: port, logger: logger) {
                [chain, relayerURL, timeout] bound in
                console.print("Metered heartbeat")
                console.print("")
                console.print("Chain              \(contracts.chainID) via \(chain.redactedURLs)")
                console.print("SessionEscrow      \(contracts.escrow.checksummed)")
                console.print("Relayer            \(relayerURL)")
                console.print("Timeout            \(ServiceBanner.seconds(timeout))")
                console.print("")
                console.print("Listening on http://\(host):\(bound)  (POST /v1/ping, GET /v1/sessions/{id})")
            }
        } catch {
            throw UsageError("heartbeat: \(ServiceErrors.oneLine(error))")
        }
        try await ServiceVerbRunner.run([application], verb: "heartbeat", console: console)
    }
}
