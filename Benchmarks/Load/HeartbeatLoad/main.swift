// The heartbeat's load tool: the figures of docs/performance.md's Heartbeat section, rerunnable.
//
//   swift run -c release --package-path Benchmarks heartbeat-load pings [--clients 16] [--sessions 2000]
//       [--pings 30000] [--store file|memory] [--recovery-seconds 1]
//   swift run -c release --package-path Benchmarks heartbeat-load breakdown [--pings 4000] [--clients 16]
//   swift run -c release --package-path Benchmarks heartbeat-load detection [--sessions 1000] [--timeout 10]
//       [--spread 1]
//   swift run -c release --package-path Benchmarks heartbeat-load settle [--runs 3] [--timeout 10]
//   swift run -c release --package-path Benchmarks heartbeat-load memory [--sessions 100000]
import Foundation

let usage = """
    usage: heartbeat-load pings|breakdown|detection|settle|memory [--name value ...]
      pings      verified pings/s over HTTP from concurrent keep-alive connections, p50/p99, recovery rate beside
      breakdown  a ping's cost by stage, in process (JSON, EIP-712 hash, recovery, store, engine)
      detection  silence to stop intent on the real clock, with the service's 250 ms tick, over many sessions
      settle     last mutual ping to Settled on-chain, through the relayer and the local node (metered up in process)
      memory     bytes per tracked session with 100,000 sessions
    """

let arguments = CommandLine.arguments.dropFirst()
do {
    guard let command = arguments.first else { throw LoadError("no command\n" + usage) }
    let options = try Options(arguments.dropFirst())
    switch command {
    case "pings": try await runPings(options)
    case "breakdown": try await runBreakdown(options)
    case "detection": try await runDetection(options)
    case "settle": try await runSettle(options)
    case "memory": try await runMemory(options)
    case "--help", "-h", "help": print(usage)
    default: throw LoadError("unknown command \(command)\n" + usage)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
