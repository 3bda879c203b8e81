import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONRPC
import NIOCore
import Testing

@testable import Node

@Suite struct HTTPFaceTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var method: HTTPRequest.Method = .post
        var path = "/"
        var headers: HTTPFields = [.contentType: "application/json"]
        var body: String? = #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#
        var status: HTTPResponse.Status = .ok
        /// The expected body: JSON compared as JSON, other text compared exactly; nil for empty.
        var response: String? = #"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#
        var responseHeaders: HTTPFields = [:]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "POST / answers"),
        Row(name: "POST /rpc answers", path: "/rpc"),
        Row(name: "a query string is ignored", path: "/rpc?key=1"),
        Row(name: "another path is not found", path: "/v1", status: .notFound, response: "not found\n"),
        Row(
            name: "JSON with a charset", headers: [.contentType: "application/json; charset=utf-8"]),
        Row(name: "application/json-rpc", headers: [.contentType: "application/json-rpc"]),
        Row(name: "upper-case media type", headers: [.contentType: "Application/JSON"]),
        Row(
            name: "text/plain is refused as geth refuses it", headers: [.contentType: "text/plain"],
            status: .unsupportedMediaType, response: "invalid content type, only application/json is supported\n"),
        Row(
            name: "no content type", headers: [:], status: .unsupportedMediaType,
            response: "invalid content type, only application/json is supported\n"),
        Row(
            name: "PUT is not allowed", method: .put, status: .methodNotAllowed, response: "method not allowed\n",
            responseHeaders: [.allow: "POST, GET, OPTIONS"]),
        Row(
            name: "DELETE is not allowed", method: .delete, status: .methodNotAllowed, response: "method not allowed\n"),
        Row(name: "GET is a health check", method: .get, headers: [:], body: nil, response: nil),
        Row(
            name: "malformed JSON is a -32700 with HTTP 200", body: #"{"jsonrpc":"2.0","#,
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
        Row(
            name: "an invalid request is a -32600 with HTTP 200", body: #"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
            response:
                #"{"jsonrpc":"2.0","id":7,"error":{"code":-32600,"message":"invalid request: jsonrpc must be \"2.0\""}}"#
        ),
        Row(
            name: "an unknown method is a -32601 with HTTP 200", body: #"{"jsonrpc":"2.0","id":2,"method":"eth_nope"}"#,
            response:
                #"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"the method eth_nope does not exist/is not available"}}"#
        ),
        Row(
            name: "an error keeps its data", body: #"{"jsonrpc":"2.0","id":3,"method":"fail"}"#,
            response: #"{"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"nonce too low","data":"0x01"}}"#),
        Row(
            name: "a notification gets an empty 200", body: #"{"jsonrpc":"2.0","method":"eth_chainId"}"#,
            response: nil),
        Row(
            name: "a batch",
            body:
                #"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"echo","params":[[1,"a"]]}]"#,
            response: #"[{"jsonrpc":"2.0","id":1,"result":"0x7a69"},{"jsonrpc":"2.0","id":2,"result":[1,"a"]}]"#),
        Row(
            name: "an empty batch", body: "[]",
            response: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: empty batch"}}"#),
        Row(
            name: "a body over the limit is refused",
            body: #"{"jsonrpc":"2.0","id":1,"method":"echo","params":[""#
                + String(repeating: "x", count: 300) + #""]}"#, status: .contentTooLarge,
            response: "content length too large (354>256)\n"),
        Row(
            name: "a body at the limit is served",
            body: #"{"jsonrpc":"2.0","id":1,"method":"echo","params":[""# + String(repeating: "x", count: 256 - 51 - 3)
                + #""]}"#,
            response: #"{"jsonrpc":"2.0","id":1,"result":""# + String(repeating: "x", count: 256 - 51 - 3) + #""}"#),
    ]

    @Test(arguments: rows) func httpFace(row: Row) async throws {
        let server = JSONRPCServer(
            dispatcher: echoDispatcher(), configuration: .init(maximumBodySize: 256), logger: quiet)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(
                uri: row.path, method: row.method, headers: row.headers,
                body: row.body.map { ByteBuffer(string: $0) }
            ) { response in
                #expect(response.status == row.status)
                let text = String(buffer: response.body)
                switch row.response {
                case nil: #expect(text.isEmpty)
                case let expected? where expected.hasPrefix("{") || expected.hasPrefix("["):
                    #expect(json(text) == json(expected))
                    #expect(response.headers[.contentType] == "application/json")
                case let expected?: #expect(text == expected)
                }
                for field in row.responseHeaders { #expect(response.headers[field.name] == field.value) }
            }
        }
    }

    @Test func subscriptionsAreNotSupportedOverHTTP() async throws {
        let server = JSONRPCServer(dispatcher: echoDispatcher(), subscriptions: TickSource(), logger: quiet)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["ticks"]}"#)
            ) { response in
                #expect(
                    json(String(buffer: response.body))
                        == json(
                            #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"notifications not supported"}}"#
                        ))
            }
        }
    }
}

@Suite struct CORSTests {
    @Test func anyOriginGetsAWildcard() async throws {
        let server = JSONRPCServer(dispatcher: echoDispatcher(), logger: quiet)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/", method: .options,
                headers: [
                    .origin: "http://localhost:3000", .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "content-type",
                ]
            ) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowMethods] == "POST, GET, OPTIONS")
                #expect(response.headers[.accessControlAllowHeaders] == "content-type")
                #expect(response.headers[.accessControlMaxAge] == "600")
            }
            try await client.execute(
                uri: "/", method: .post,
                headers: [.origin: "http://localhost:3000", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
            }
            // Errors a browser must be able to read carry the header too.
            try await client.execute(
                uri: "/", method: .post, headers: [.origin: "http://localhost:3000", .contentType: "text/plain"],
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
            }
        }
    }

    @Test func aListedOriginIsEchoedAndOthersGetNothing() async throws {
        let server = JSONRPCServer(
            dispatcher: echoDispatcher(), configuration: .init(allowedOrigins: .only(["https://app.example"])),
            logger: quiet)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/", method: .post, headers: [.origin: "https://app.example", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#)
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example")
                #expect(response.headers[.vary] == "Origin")
            }
            try await client.execute(
                uri: "/", method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlAllowMethods] == nil)
            }
        }
    }

    @Test func noCrossOriginAccess() async throws {
        let server = JSONRPCServer(
            dispatcher: echoDispatcher(), configuration: .init(allowedOrigins: .none), logger: quiet)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/", method: .post, headers: [.origin: "http://localhost:3000", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }
}
