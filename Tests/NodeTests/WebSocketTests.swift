import HTTPTypes
import HummingbirdWSClient
import JSONRPC
import Logging
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import Testing

@testable import Node

/// Opens a WebSocket to the server and runs `handler` on it.
@discardableResult
func withWebSocket(
    port: Int, path: String = "/", headers: HTTPFields = [:],
    _ handler: @escaping @Sendable (inout MessageReader, WebSocketOutboundWriter) async throws -> Void
) async throws -> WebSocketCloseFrame? {
    var configuration = WebSocketClientConfiguration()
    configuration.additionalHeaders = headers
    configuration.maxFrameSize = 1 << 24
    return try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(port)\(path)", configuration: configuration, logger: quiet
    ) { inbound, outbound, _ in
        var reader = MessageReader(inbound)
        try await handler(&reader, outbound)
    }
}

@Suite struct WebSocketTests {
    @Test func requestsAndBatchesOverWebSocket() async throws {
        try await withServer { port in
            try await withWebSocket(port: port, path: "/rpc") { reader, writer in
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#))
                #expect(try await reader.next() == json(#"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#))
                try await writer.write(
                    .text(
                        #"[{"jsonrpc":"2.0","id":"a","method":"echo","params":[5]},{"jsonrpc":"2.0","id":"b","method":"fail"}]"#
                    ))
                #expect(
                    try await reader.next()
                        == json(
                            #"[{"jsonrpc":"2.0","id":"a","result":5},{"jsonrpc":"2.0","id":"b","error":{"code":-32000,"message":"nonce too low","data":"0x01"}}]"#
                        ))
                try await writer.write(.text("{nope"))
                #expect(try await reader.next()?["error"]["code"] == .integer(-32700))
                // A notification gets nothing: the next answer is the next request's.
                try await writer.write(.text(#"{"jsonrpc":"2.0","method":"echo","params":[1]}"#))
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":9,"method":"echo","params":[2]}"#))
                #expect(try await reader.next() == json(#"{"jsonrpc":"2.0","id":9,"result":2}"#))
                // Without a subscription source the subscription methods are unknown.
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":10,"method":"eth_subscribe","params":["newHeads"]}"#))
                #expect(try await reader.next()?["error"]["code"] == .integer(-32601))
            }
        }
    }

    @Test func subscriptionNotificationsFollowTheSubscribeResponse() async throws {
        let source = TickSource()
        try await withServer(subscriptions: source) { port in
            try await withWebSocket(port: port) { reader, writer in
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks",{"every":2}]}"#))
                let response = try await reader.next()
                guard let id = response?["result"].string else {
                    Issue.record("no subscription id in \(String(describing: response))")
                    return
                }
                #expect(id.hasPrefix("0x") && id.count == 34)
                #expect(source.allParams == [[json(#"{"every":2}"#)]])
                for n in 1...3 { source.tick(#"{"n":\#(n)}"#) }
                for n in 1...3 {
                    #expect(
                        try await reader.next()
                            == json(
                                #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"\#(id)","result":{"n":\#(n)}}}"#
                            ))
                }
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":2,"method":"eth_unsubscribe","params":["\#(id)"]}"#))
                #expect(try await reader.next() == json(#"{"jsonrpc":"2.0","id":2,"result":true}"#))
                #expect(await source.wait { $0.liveCount == 0 && $0.endedCount == 1 })
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":3,"method":"eth_unsubscribe","params":["\#(id)"]}"#))
                #expect(
                    try await reader.next()
                        == json(#"{"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"subscription not found"}}"#)
                )
            }
        }
    }

    @Test func twoSubscriptionsOnOneConnectionAreToldApart() async throws {
        let source = TickSource()
        try await withServer(subscriptions: source) { port in
            try await withWebSocket(port: port) { reader, writer in
                try await writer.write(
                    .text(
                        #"[{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks"]},{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["ticks"]}]"#
                    ))
                guard case .array(let responses)? = try await reader.next(), responses.count == 2,
                    let first = responses[0]["result"].string, let second = responses[1]["result"].string
                else {
                    Issue.record("expected two subscription ids")
                    return
                }
                #expect(first != second)
                source.tick("7")
                var seen: Set<String> = []
                for _ in 0..<2 {
                    let message = try await reader.next()
                    #expect(message?["method"] == .string("eth_subscription"))
                    #expect(message?["params"]["result"] == .integer(7))
                    if let id = message?["params"]["subscription"].string { seen.insert(id) }
                }
                #expect(seen == [first, second])
            }
        }
    }

    @Test func subscribeErrors() async throws {
        let source = TickSource()
        try await withServer(subscriptions: source, configuration: .init(maximumSubscriptionsPerConnection: 2)) {
            port in
            try await withWebSocket(port: port) { reader, writer in
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["nope"]}"#))
                #expect(
                    try await reader.next()
                        == json(
                            #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"no \"nope\" subscription in eth namespace"}}"#
                        ))
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":[]}"#))
                #expect(try await reader.next()?["error"]["code"] == .integer(-32602))
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":{"kind":"ticks"}}"#))
                #expect(try await reader.next()?["error"]["code"] == .integer(-32602))
                for id in 4...5 {
                    try await writer.write(
                        .text(#"{"jsonrpc":"2.0","id":\#(id),"method":"eth_subscribe","params":["ticks"]}"#))
                    #expect(try await reader.next()?["result"].string != nil)
                }
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":6,"method":"eth_subscribe","params":["ticks"]}"#))
                #expect(
                    try await reader.next()
                        == json(
                            #"{"jsonrpc":"2.0","id":6,"error":{"code":-32005,"message":"too many subscriptions on this connection (at most 2)"}}"#
                        ))
            }
            // The refused subscription was never kept; the two accepted ones end with the connection.
            #expect(await source.wait { $0.liveCount == 0 })
        }
    }

    @Test func closingTheConnectionEndsItsSubscriptions() async throws {
        let source = TickSource()
        try await withServer(subscriptions: source) { port in
            try await withWebSocket(port: port) { reader, writer in
                for id in 1...3 {
                    try await writer.write(
                        .text(#"{"jsonrpc":"2.0","id":\#(id),"method":"eth_subscribe","params":["ticks"]}"#))
                    _ = try await reader.next()
                }
                #expect(source.liveCount == 3)
            }
            #expect(await source.wait { $0.liveCount == 0 && $0.endedCount == 3 })
        }
    }

    @Test func aSourceThatFinishesEndsTheSubscriptionQuietly() async throws {
        let source = TickSource()
        try await withServer(subscriptions: source) { port in
            try await withWebSocket(port: port) { reader, writer in
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks"]}"#))
                let id = try await reader.next()?["result"].string ?? ""
                source.tick("1")
                #expect(try await reader.next()?["params"]["result"] == .integer(1))
                source.finishAll()
                // The connection stays usable, and the ended subscription is gone.
                try await Task.sleep(for: .milliseconds(50))
                try await writer.write(
                    .text(#"{"jsonrpc":"2.0","id":2,"method":"eth_unsubscribe","params":["\#(id)"]}"#))
                #expect(try await reader.next()?["error"]["message"] == .string("subscription not found"))
            }
        }
    }

    @Test func anOriginNotAllowedCannotUpgrade() async throws {
        // The client sends its own origin (http://127.0.0.1:port), which the list does not hold.
        try await withServer(configuration: .init(allowedOrigins: .only(["https://app.example"]))) { port in
            await #expect(throws: (any Error).self) {
                try await withWebSocket(port: port) { _, _ in Issue.record("the upgrade went through") }
            }
        }
    }

    struct UpgradeRow: CustomTestStringConvertible, Sendable {
        var name: String
        var path = "/"
        var origins: [String] = []
        var allowed: JSONRPCServer.AllowedOrigins = .any
        var upgrades: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        UpgradeRow(name: "no origin, root", upgrades: true),
        UpgradeRow(name: "no origin, /rpc with a query", path: "/rpc?x=1", upgrades: true),
        UpgradeRow(name: "another path", path: "/ws", upgrades: false),
        UpgradeRow(name: "any origin", origins: ["https://evil.example"], upgrades: true),
        UpgradeRow(
            name: "listed origin", origins: ["https://app.example"], allowed: .only(["https://app.example"]),
            upgrades: true),
        UpgradeRow(
            name: "unlisted origin", origins: ["https://evil.example"], allowed: .only(["https://app.example"]),
            upgrades: false),
        UpgradeRow(
            name: "a listed and an unlisted origin", origins: ["https://app.example", "https://evil.example"],
            allowed: .only(["https://app.example"]), upgrades: false),
        UpgradeRow(name: "no cross-origin access, no origin", allowed: .none, upgrades: true),
        UpgradeRow(
            name: "no cross-origin access, an origin", origins: ["https://app.example"], allowed: .none, upgrades: false
        ),
    ])
    func upgradeChecks(row: UpgradeRow) {
        var fields = HTTPFields()
        for origin in row.origins { fields.append(HTTPField(name: .origin, value: origin)) }
        let head = HTTPRequest(method: .get, scheme: nil, authority: "127.0.0.1", path: row.path, headerFields: fields)
        #expect(
            JSONRPCServer.isUpgradeAllowed(head, configuration: .init(allowedOrigins: row.allowed)) == row.upgrades)
    }

    @Test func aClientThatDoesNotReadIsDisconnected() async throws {
        let source = TickSource()
        let configuration = JSONRPCServer.Configuration(maximumQueuedMessages: 8)
        try await withServer(subscriptions: source, configuration: configuration) { port in
            let close = try await withWebSocket(port: port) { reader, writer in
                try await writer.write(.text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks"]}"#))
                _ = try await reader.next()
                // 64 MiB of notifications, far more than the socket buffers and the queue hold, while not reading.
                let big = "\"" + String(repeating: "x", count: 1 << 16) + "\""
                for _ in 0..<1024 { source.tick(big) }
                try await Task.sleep(for: .milliseconds(500))
                while try await reader.next() != nil {}
            }
            #expect(close?.closeCode == .policyViolation)
            #expect(close?.reason == "subscription queue overflow")
            #expect(await source.wait { $0.liveCount == 0 })
        }
    }
}

@Suite struct ShutdownTests {
    @Test func gracefulShutdownClosesWebSocketsAndReturns() async throws {
        let source = TickSource()
        let server = JSONRPCServer(
            dispatcher: echoDispatcher(), subscriptions: source, configuration: .init(port: 0), logger: quiet)
        let group = ServiceGroup(services: [server], logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await server.listeningPort() else {
                Issue.record("the server did not start")
                return
            }
            let subscribed = AsyncStream<Void>.makeStream()
            tasks.addTask {
                let close = try await withWebSocket(port: port) { reader, writer in
                    try await writer.write(
                        .text(#"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks"]}"#))
                    _ = try await reader.next()
                    subscribed.continuation.yield()
                    while try await reader.next() != nil {}
                }
                #expect(close?.closeCode == .normalClosure)
            }
            var iterator = subscribed.stream.makeAsyncIterator()
            await iterator.next()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await source.wait { $0.liveCount == 0 && $0.endedCount == 1 })
        #expect(await server.listeningPort() == nil)
    }
}
