// relayer-crash-harness: the relayer as a process of its own, for the crash-consistency test (RelayerCrashTests),
// which kills it with SIGKILL at random moments and starts it again on the same outbox.
//
//     METERED_PRIVATE_KEY=0x… relayer-crash-harness --outbox FILE --rpc URL --escrow ADDRESS --port-file FILE
//         [--chain-id N] [--poll-ms N]
//
// Runs the engine and its HTTP face (port chosen by the system, written to --port-file once bound, through a
// temporary file and a rename so that a reader never sees half a number) until SIGTERM, SIGINT or SIGKILL.
import EthPrimitives
import Foundation
import JSONRPCClient
import Logging
import Relayer
import ServiceLifecycle

struct HarnessArguments {
    var outbox = ""
    var rpc = ""
    var escrow = ""
    var portFile = ""
    var chainID: UInt64 = 31337
    var pollMilliseconds = 10

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw HarnessError("\(flag) needs a value") }
            switch flag {
            case "--outbox": outbox = value
            case "--rpc": rpc = value
            case "--escrow": escrow = value
            case "--port-file": portFile = value
            case "--chain-id": chainID = try UInt64(value).orThrow("--chain-id: not a number: \(value)")
            case "--poll-ms": pollMilliseconds = try Int(value).orThrow("--poll-ms: not a number: \(value)")
            default: throw HarnessError("unknown option \(flag)")
            }
        }
        for (name, value) in [("--outbox", outbox), ("--rpc", rpc), ("--escrow", escrow), ("--port-file", portFile)]
        where value.isEmpty {
            throw HarnessError("\(name) is required")
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "relayer-crash-harness: \(description)" }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw HarnessError(message) }
        return self
    }
}

do {
    let arguments = try HarnessArguments(Array(CommandLine.arguments.dropFirst()))
    var logger = Logger(label: "relayer-crash-harness")
    logger.logLevel = ProcessInfo.processInfo.environment["RELAYER_HARNESS_LOGS"] == nil ? .error : .info
    let key = try RelayerKeySource.environment(variable: RelayerKeySource.defaultVariable).load()
    var configuration = RelayerConfiguration(chainID: arguments.chainID, escrow: try Address(hex: arguments.escrow))
    configuration.pollInterval = .milliseconds(arguments.pollMilliseconds)
    configuration.backoff = Backoff(base: 0.05, maximum: 0.5)
    let engine = RelayerEngine(
        key: key, client: JSONRPCClient(urls: [arguments.rpc]), outbox: try Outbox(path: arguments.outbox),
        configuration: configuration, logger: logger)
    let portFile = arguments.portFile
    let app = RelayerHTTP.application(engine: engine, port: 0, logger: logger) { port in
        // Written to a temporary file and renamed over the target: a reader never sees half a number.
        try? Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
    }
    let group = ServiceGroup(
        configuration: .init(
            services: [.init(service: engine), .init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    try await group.run()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
