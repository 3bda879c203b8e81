import Backend
import Heartbeat
import Logging
import ServiceLifecycle

/// A logger that drops everything (the tool prints its own report).
let quiet = Logger(label: "heartbeat-load") { _ in SwiftLogNoOpLogHandler() }

/// The heartbeat's HTTP face and its timer (``Heartbeat/HeartbeatService``, ticking every 250 ms) serving `engine`
/// on a free loopback port, in this process, as `metered up` runs them.
struct RunningHeartbeat {
    /// The port it listens on.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts the application and waits until it listens.
    static func start(engine: HeartbeatEngine) async throws -> RunningHeartbeat {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = ServiceFactory.heartbeatApplication(
            engine: engine, host: "127.0.0.1", port: 0, logger: quiet
        ) { port in continuation.yield(port) }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application)], gracefulShutdownSignals: [], logger: quiet))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LoadError("the heartbeat did not start") }
        return RunningHeartbeat(port: port, group: group, task: task)
    }

    /// Shuts it down gracefully and waits.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
