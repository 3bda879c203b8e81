import Foundation
import NIOCore
import NIOPosix

/// What one keep-alive connection saw.
struct ConnectionResult: Sendable {
    /// Each request's latency in seconds, from writing it to reading its whole response, in order.
    var latencies: [Double] = []
    /// How many responses had each status.
    var statuses: [Int: Int] = [:]
    /// The body of the first response that was not a 200, for the report.
    var firstRefusal: String?
    /// When the first request was written and the last response read (``monotonic()``).
    var started = 0.0
    var finished = 0.0
}

/// HTTP/1.1 load over keep-alive connections: each connection sends its own requests one after another (the next one
/// when the previous answer has been read whole), all connections at once.
///
/// The requests are prepared bytes (request line, headers, body) so the client spends its time on the socket, not on
/// encoding; responses are read by `Content-Length` (the heartbeat always sends one).
enum HTTPLoad {
    /// Sends every connection's requests to `host:port`, connections in parallel; one result per connection.
    ///
    /// - Throws: the first connection's error (refused, reset, or a response that is not HTTP/1.1).
    static func run(
        host: String, port: Int, connections: [[ByteBuffer]], group: any EventLoopGroup
    ) async throws -> [ConnectionResult] {
        try await withThrowingTaskGroup(of: (Int, ConnectionResult).self) { tasks in
            for (index, requests) in connections.enumerated() {
                tasks.addTask {
                    let promise = group.next().makePromise(of: ConnectionResult.self)
                    let bootstrap = ClientBootstrap(group: group)
                        .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(
                                    SequentialRequester(requests: requests, done: promise))
                            }
                        }
                    let channel = try await bootstrap.connect(host: host, port: port).get()
                    do {
                        let result = try await promise.futureResult.get()
                        try? await channel.close()
                        return (index, result)
                    } catch {
                        try? await channel.close()
                        throw error
                    }
                }
            }
            var results = [ConnectionResult](repeating: ConnectionResult(), count: connections.count)
            for try await (index, result) in tasks { results[index] = result }
            return results
        }
    }

    /// `POST path` with a JSON body, as bytes on the wire.
    static func post(_ path: String, json body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        )
        buffer.writeBytes(body)
        return buffer
    }
}

/// Writes its requests one at a time on an open channel, timing each until its response has been read whole.
private final class SequentialRequester: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let requests: [ByteBuffer]
    private let done: EventLoopPromise<ConnectionResult>
    private var next = 0
    private var sentAt: UInt64 = 0
    private var received = ByteBuffer()
    private var result = ConnectionResult()

    init(requests: [ByteBuffer], done: EventLoopPromise<ConnectionResult>) {
        self.requests = requests
        self.done = done
        result.latencies.reserveCapacity(requests.count)
    }

    func channelActive(context: ChannelHandlerContext) {
        result.started = monotonic()
        sendNext(context: context)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard next < requests.count else {
            result.finished = monotonic()
            done.succeed(result)
            return
        }
        sentAt = DispatchTime.now().uptimeNanoseconds
        context.writeAndFlush(wrapOutboundOut(requests[next]), promise: nil)
        next += 1
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        while let (status, body) = readResponse() {
            result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sentAt) / 1e9)
            result.statuses[status, default: 0] += 1
            if status != 200, result.firstRefusal == nil { result.firstRefusal = body }
            sendNext(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(LoadError("the server closed a connection after \(result.latencies.count) responses"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.close(promise: nil)
    }

    /// Takes one whole response off the front of `received`: its status and body; nil while incomplete.
    private func readResponse() -> (Int, String)? {
        let view = received.readableBytesView
        guard let headerEnd = Self.endOfHeaders(view) else { return nil }
        let head = String(decoding: view[view.startIndex..<headerEnd], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 "), let status = Int(head.dropFirst(9).prefix(3)) else {
            done.fail(LoadError("not an HTTP/1.1 response: \(head.prefix(40))"))
            return nil
        }
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let headerLength = headerEnd - view.startIndex + 4
        guard view.count >= headerLength + length else { return nil }
        received.moveReaderIndex(forwardBy: headerLength)
        let body = received.readString(length: length) ?? ""
        received.discardReadBytes()
        return (status, body)
    }

    /// The index of the `\r\n\r\n` that ends the headers.
    private static func endOfHeaders(_ view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while index + 3 < view.endIndex {
            if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }
}
