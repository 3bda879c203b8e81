import AsyncHTTPClient
import JSONRPC
import NIOCore
import Testing

@testable import Node

/// The HTTP face end to end over loopback, where the in-process test client cannot go: streamed bodies.
@Suite struct LoopbackHTTPTests {
    @Test func aRequestOverLoopback() async throws {
        try await withServer { port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"] == ["application/json"])
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(json(String(buffer: body)) == json(#"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#))
        }
    }

    @Test func aStreamedBodyOverTheLimitIsRefused() async throws {
        try await withServer(configuration: .init(maximumBodySize: 1024)) { port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            // No Content-Length: chunked, so the limit is found while reading.
            let chunks = (0..<8).map { _ in ByteBuffer(string: String(repeating: " ", count: 512)) }
            request.body = .stream(chunks.async, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 413)
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(String(buffer: body) == "content length too large (>1024)\n")
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
