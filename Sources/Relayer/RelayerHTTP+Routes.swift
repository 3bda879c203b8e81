import EthPrimitives
import Foundation
public import Hummingbird
import JSONRPC
public import Logging

extension RelayerHTTP {
    /// The router with every route, errors mapped in one place.
    public static func router(engine: RelayerEngine, logger: Logger = Logger(label: "metered.relayer.http"))
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(ErrorMiddleware(logger: logger))
        router.post("/v1/intents") { request, _ -> Response in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maximumBodySize)
            } catch {
                throw RelayerError.malformedRequest("the body is larger than \(maximumBodySize) bytes")
            }
            let intent = try parseIntent(Array(buffer: body))
            let (record, created) = try await engine.record(intent)
            let transactions = try await engine.outbox.transactions(intentKey: record.key)
            return try json(IntentView(record, transactions: transactions), status: created ? .accepted : .ok)
        }
        router.get("/v1/intents/{key}") { _, context -> Response in
            let key = try context.parameters.require("key")
            guard let record = try await engine.outbox.intent(key: key) else { throw RelayerError.unknownIntent(key) }
            let transactions = try await engine.outbox.transactions(intentKey: key)
            return try json(IntentView(record, transactions: transactions), status: .ok)
        }
        router.get("/healthz") { _, _ -> Response in
            let health = await engine.health()
            return try json(health, status: health.status == "failed" ? .serviceUnavailable : .ok)
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: engine.metrics.exposition())))
        }
        return router
    }

    /// An HTTP application serving ``router(engine:logger:)`` on `host:port` (port 0 picks a free one;
    /// `onServerRunning` is told the bound port). Run it in the same `ServiceGroup` as the engine.
    public static func application(
        engine: RelayerEngine, host: String = "127.0.0.1", port: Int,
        logger: Logger = Logger(label: "metered.relayer.http"),
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(engine: engine, logger: logger),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "metered-relayer"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
