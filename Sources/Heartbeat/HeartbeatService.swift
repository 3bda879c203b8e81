public import Hummingbird
public import Logging
public import ServiceLifecycle

/// The heartbeat's background work as a swift-service-lifecycle `Service`: restores the open sessions, then ticks
/// the deadlines and reads the escrow's new events on a timer until graceful shutdown.
///
/// The timer only says when to look; every decision reads the engine's injected clock, so tests drive the engine
/// directly (``HeartbeatEngine/tick()``, ``HeartbeatEngine/refresh()``) with a manual clock instead of running this.
public struct HeartbeatService: Service {
    /// The engine it drives.
    public let engine: HeartbeatEngine
    /// How often deadlines are processed (default 250 ms: a silent participant is stopped at most this late, and
    /// `endedAt` does not depend on it).
    public var tickInterval: Duration
    /// How often the escrow's events are read (default 1 s).
    public var refreshInterval: Duration
    private let logger: Logger

    /// A service driving `engine`.
    public init(
        engine: HeartbeatEngine, tickInterval: Duration = .milliseconds(250), refreshInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "metered.heartbeat")
    ) {
        self.engine = engine
        self.tickInterval = tickInterval
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    /// Restores, then ticks and refreshes until graceful shutdown or cancellation; returns normally then.
    public func run() async throws {
        let engine = engine
        let tickInterval = tickInterval
        let refreshInterval = refreshInterval
        let logger = logger
        do {
            try await cancelWhenGracefulShutdown {
                var restored = false
                let clock = ContinuousClock()
                var lastRefresh = clock.now.advanced(by: .zero - refreshInterval)
                while !Task.isCancelled {
                    if !restored {
                        do {
                            try await engine.restore()
                            restored = true
                        } catch {
                            logger.error(
                                "heartbeat: restoring sessions failed; retrying", metadata: ["error": "\(error)"])
                        }
                    }
                    if restored {
                        if clock.now - lastRefresh >= refreshInterval {
                            lastRefresh = clock.now
                            do {
                                try await engine.refresh()
                            } catch {
                                logger.warning(
                                    "heartbeat: reading escrow events failed", metadata: ["error": "\(error)"])
                            }
                        }
                        await engine.tick()
                    }
                    try await Task.sleep(for: tickInterval)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// A Hummingbird application serving the heartbeat's routes on `host:port` and running this service with it.
    ///
    /// Run it with `try await application.runService()` or as one service of a `ServiceGroup`.
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 8600
    ) -> some ApplicationProtocol {
        var application = Application(
            router: HeartbeatHTTP.makeRouter(engine: engine),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "metered-heartbeat"),
            logger: logger)
        application.addServices(self)
        return application
    }
}
