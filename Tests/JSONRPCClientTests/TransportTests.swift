import EthPrimitives
import Foundation
import Hummingbird
import JSONRPC
import Testing

@testable import JSONRPCClient

/// Options for tests: short backoffs, events recorded. The timeouts are far beyond what any of these calls takes, so
/// that they never fire on a loaded machine (the full suite runs hundreds of tests at once); the test of the timeout
/// itself passes a short one.
func testOptions(
    _ events: EventLog, retries: Int = 2, timeout: Duration = .seconds(120)
) -> JSONRPCClient.Options {
    JSONRPCClient.Options(
        timeout: timeout, connectTimeout: .seconds(60), maximumRetries: retries, initialBackoff: .milliseconds(5),
        maximumBackoff: .milliseconds(20), observer: { events.record($0) })
}

@Suite struct FailoverTests {
    @Test func failsOverFromADeadURLToALiveOne() async throws {
        let dead = try await deadURL()
        try await withNode(ethereumDispatcher()) { live throws in
            let events = EventLog()
            let client = JSONRPCClient(urls: [dead, live], options: testOptions(events))
            #expect(try await client.chainID() == 31337)
            #expect(events.connectionFailures == 1)
            #expect(events.backoffs == 0)
            guard case .connectionFailed(let endpoint, let round, let reason) = events.all.first else {
                Issue.record("no connection failure reported")
                return
            }
            #expect(endpoint == dead)
            #expect(round == 0)
            #expect(reason == "connection refused")
            // The live endpoint is now preferred: the next calls do not knock on the dead one again.
            #expect(try await client.blockNumber() == 16)
            #expect(try await client.blockNumber() == 16)
            #expect(events.connectionFailures == 1)
        }
    }

    @Test func everyEndpointDeadIsUnreachableAfterTheRetries() async throws {
        let first = try await deadURL()
        let second = try await deadURL()
        let events = EventLog()
        let client = JSONRPCClient(urls: [first, second], options: testOptions(events, retries: 2))
        do throws(JSONRPCClientError) {
            _ = try await client.chainID()
            Issue.record("expected unreachable")
        } catch {
            guard case .unreachable(let detail) = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
            #expect(detail.contains("\(first) (connection refused)"))
            #expect(detail.contains("\(second) (connection refused)"))
            #expect(detail.contains("3 rounds"))
        }
        // Three rounds of two endpoints, with a backoff before each retry round.
        #expect(events.connectionFailures == 6)
        #expect(events.backoffs == 2)
    }

    @Test(arguments: [0, 1, 3])
    func retriesAConnectionThatDropsBeforeAnswering(retries: Int) async throws {
        try await withSlammingServer { url, accepted throws in
            let events = EventLog()
            let client = JSONRPCClient(urls: [url], options: testOptions(events, retries: retries))
            await #expect(throws: JSONRPCClientError.self) { _ = try await client.chainID() }
            #expect(accepted.count == retries + 1)
            #expect(events.connectionFailures == retries + 1)
            #expect(events.backoffs == retries)
        }
    }

    @Test func dropsThenFailsOverToTheLiveNode() async throws {
        try await withSlammingServer { slamming, accepted throws in
            try await withNode(ethereumDispatcher()) { live throws in
                let events = EventLog()
                let client = JSONRPCClient(urls: [slamming, live], options: testOptions(events))
                #expect(try await client.chainID() == 31337)
                #expect(accepted.count == 1)
                #expect(events.connectionFailures == 1)
            }
        }
    }

    @Test func anAnswerIsNeverRetried() async throws {
        let calls = RequestCounter()
        try await withNode(ethereumDispatcher(calls: calls)) { url throws in
            let events = EventLog()
            let client = JSONRPCClient(urls: [url], options: testOptions(events))
            await #expect(throws: JSONRPCClientError.self) { _ = try await client.request("fail_nonce", as: Bool.self) }
            await #expect(throws: JSONRPCClientError.self) { _ = try await client.request("eth_nope", as: Bool.self) }
            #expect(events.all.isEmpty)
        }
        try await withCannedServer(
            answer: { _ in (.serviceUnavailable, "upstream down") },
            then: { url, requests throws in
                let events = EventLog()
                let client = JSONRPCClient(urls: [url, url], options: testOptions(events))
                await #expect(
                    throws: JSONRPCClientError.badResponse("HTTP 503 Service Unavailable from \(url): upstream down")
                ) {
                    _ = try await client.chainID()
                }
                #expect(requests.count == 1)
                #expect(events.all.isEmpty)
            })
    }

    @Test func urlsAreNamedWithoutTheirSecrets() async throws {
        let dead = try await deadURL()
        let port = dead.split(separator: ":").last!
        let secret = "http://alice:hunter2@127.0.0.1:\(port)/v3/0123456789abcdef?apikey=sekrit#frag"
        let client = JSONRPCClient(urls: [secret], options: testOptions(EventLog(), retries: 0))
        do throws(JSONRPCClientError) {
            _ = try await client.chainID()
            Issue.record("expected unreachable")
        } catch {
            let text = error.description
            #expect(text.contains("http://127.0.0.1:\(port)"))
            for leaked in ["alice", "hunter2", "0123456789abcdef", "sekrit", "v3", "frag"] {
                #expect(!text.contains(leaked), "leaked \(leaked)")
            }
        }
    }

    struct EndpointRow: CustomTestStringConvertible, Sendable {
        var urls: [String]
        var expected: String
        var testDescription: String { urls.description }
    }

    @Test(arguments: [
        EndpointRow(urls: [], expected: "no endpoint URL was given"),
        EndpointRow(urls: ["ws://127.0.0.1:8545"], expected: "ws:// is not supported; use an http:// or https:// URL"),
        EndpointRow(urls: ["http://"], expected: "http:// URL without a host"),
        EndpointRow(urls: ["127.0.0.1:8545/key"], expected: #""127.0.0.1:8545…" is not a URL"#),
        EndpointRow(
            urls: ["http://127.0.0.1:8545", "ftp://x/secret"],
            expected: "ftp:// is not supported; use an http:// or https:// URL"),
    ])
    func invalidEndpointsAreRefusedBeforeSending(row: EndpointRow) async {
        let client = JSONRPCClient(urls: row.urls)
        await #expect(throws: JSONRPCClientError.invalidEndpoint(row.expected)) { _ = try await client.chainID() }
    }

    @Test func endpointNames() {
        #expect(
            HTTPTransport(urls: ["https://user:pw@Node.Example:8443/path?k=v"]).endpointNames == [
                "https://node.example:8443"
            ])
        #expect(HTTPTransport(urls: ["http://[::1]:8545/"]).endpointNames == ["http://[::1]:8545"])
        #expect(HTTPTransport(urls: ["HTTPS://rpc.example"]).endpointNames == ["https://rpc.example"])
    }
}

@Suite struct TimeoutTests {
    @Test func aSlowNodeTimesOut() async throws {
        let calls = RequestCounter()
        try await withNode(ethereumDispatcher(calls: calls)) { url throws in
            let events = EventLog()
            let client = JSONRPCClient(urls: [url], options: testOptions(events, timeout: .milliseconds(500)))
            let clock = ContinuousClock()
            let started = clock.now
            await #expect(throws: JSONRPCClientError.timeout) { _ = try await client.request("slow", as: Bool.self) }
            let elapsed = clock.now - started
            #expect(elapsed >= .milliseconds(500))
            // Far sooner than the handler's minute, even on a busy machine.
            #expect(elapsed < .seconds(30))
            // A timeout is not a connection failure: nothing was retried, the request ran at most once.
            #expect(calls.count <= 1)
            #expect(events.all.isEmpty)
            // The node still answers afterwards.
            #expect(try await JSONRPCClient(urls: [url]).chainID() == 31337)
        }
    }

    @Test func aCancelledCallSaysSo() async throws {
        try await withNode(ethereumDispatcher()) { url throws in
            let client = JSONRPCClient(urls: [url])
            let task = Task { () async throws(JSONRPCClientError) -> Bool in
                try await client.request("slow", as: Bool.self)
            }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            let outcome = await task.result
            guard case .failure(let error) = outcome else {
                Issue.record("the cancelled call succeeded")
                return
            }
            #expect(error as? JSONRPCClientError == .cancelled)
        }
    }

    @Test func theTimeoutBoundsTheRetries() async throws {
        let dead = try await deadURL()
        let events = EventLog()
        let options = JSONRPCClient.Options(
            timeout: .milliseconds(200), maximumRetries: 1000, initialBackoff: .milliseconds(50),
            maximumBackoff: .milliseconds(50), observer: { events.record($0) })
        let client = JSONRPCClient(urls: [dead], options: options)
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: JSONRPCClientError.self) { _ = try await client.chainID() }
        #expect(clock.now - started < .seconds(30))
        #expect(events.connectionFailures < 1000)
    }
}

@Suite struct BadResponseTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var status: HTTPResponse.Status = .ok
        /// The answer; `$ID` stands for the request's id.
        var body: String
        var expected: JSONRPCClientError
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "not JSON", body: "<html>oops</html>",
            expected: .badResponse("the answer is not JSON: <html>oops</html>")),
        Row(name: "empty", body: "", expected: .badResponse("the answer is empty")),
        Row(
            name: "wrong id", body: #"{"jsonrpc":"2.0","id":99,"result":"0x1"}"#,
            expected: .badResponse("the answer's id 99 is not the request's id 1 (eth_chainId)")),
        Row(
            name: "wrong version", body: #"{"jsonrpc":"1.0","id":$ID,"result":"0x1"}"#,
            expected: .badResponse(
                #"not a JSON-RPC 2.0 response (jsonrpc: jsonrpc: a response's jsonrpc must be "2.0"): {"jsonrpc":"1.0","id":1,"result":"0x1"}"#
            )),
        Row(
            name: "result and error",
            body: #"{"jsonrpc":"2.0","id":$ID,"result":"0x1","error":{"code":1,"message":"x"}}"#,
            expected: .badResponse("")),
        Row(
            name: "array for a single request", body: #"[{"jsonrpc":"2.0","id":$ID,"result":"0x1"}]"#,
            expected: .badResponse("expected one response object to eth_chainId, got an array")),
        Row(
            name: "result of the wrong shape", body: #"{"jsonrpc":"2.0","id":$ID,"result":"0x01"}"#,
            expected: .badResponse("")),
        Row(
            name: "result not a string", body: #"{"jsonrpc":"2.0","id":$ID,"result":31337}"#,
            expected: .badResponse("")),
        Row(
            name: "null-id error: the node could not read the request",
            body: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#,
            expected: .node(JSONRPCError(code: -32700, message: "parse error"))),
        Row(
            name: "HTTP error with a JSON-RPC body is the node's answer", status: .tooManyRequests,
            body: #"{"jsonrpc":"2.0","id":$ID,"error":{"code":-32005,"message":"rate limited"}}"#,
            expected: .node(JSONRPCError(code: -32005, message: "rate limited"))),
        Row(
            name: "HTTP error with another body", status: .internalServerError, body: "boom",
            expected: .badResponse("HTTP 500 Internal Server Error from $URL: boom")),
        Row(
            name: "HTTP error with an empty body", status: .badGateway, body: "",
            expected: .badResponse("HTTP 502 Bad Gateway from $URL")),
    ]

    @Test(arguments: rows) func singleCall(row: Row) async throws {
        try await withCannedServer(
            answer: { request in
                (row.status, row.body.replacingOccurrences(of: "$ID", with: Self.id(of: request.json)))
            },
            then: { url, requests throws in
                let client = JSONRPCClient(urls: [url], options: testOptions(EventLog()))
                do throws(JSONRPCClientError) {
                    let id = try await client.chainID()
                    Issue.record("expected \(row.expected), got \(id)")
                } catch {
                    if case .badResponse(let expected) = row.expected, expected.isEmpty {
                        // Only the kind is pinned: the wording comes from Foundation's decoder.
                        guard case .badResponse(let detail) = error else {
                            Issue.record("expected a bad response, got \(error)")
                            return
                        }
                        #expect(
                            detail.hasPrefix("the result of eth_chainId does not decode")
                                || detail.contains("JSON-RPC 2.0")
                        )
                    } else if case .badResponse(let expected) = row.expected {
                        #expect(error == .badResponse(expected.replacingOccurrences(of: "$URL", with: url)))
                    } else {
                        #expect(error == row.expected)
                    }
                }
                #expect(requests.count == 1)
            })
    }

    @Test func batchAnswersAreMatchedByIDInAnyOrder() async throws {
        try await withCannedServer(
            answer: { request in
                guard case .array(let items) = request.json else { return (.badRequest, "") }
                // Answer in reverse order and leave out the middle request.
                let answers = items.enumerated().reversed().compactMap { index, item -> String? in
                    guard index != 1 else { return nil }
                    return
                        #"{"jsonrpc":"2.0","id":\#(Self.id(of: item)),"result":"0x\#(String(index + 10, radix: 16))"}"#
                }
                return (.ok, "[" + answers.joined(separator: ",") + "]")
            },
            then: { url, _ throws in
                let client = JSONRPCClient(urls: [url])
                let (a, b, c) = try await client.batch(.blockNumber(), .chainID(), .blockNumber())
                #expect(try a.get() == 10)
                #expect(b == .failure(.badResponse("the batch's answer has no response for id 2 (eth_chainId)")))
                #expect(try c.get() == 12)
            })
    }

    @Test func aBatchAnsweredWithOneErrorFailsWhole() async throws {
        try await withCannedServer(
            answer: { _ in
                (.ok, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batches not supported"}}"#)
            },
            then: { url, _ throws in
                let client = JSONRPCClient(urls: [url])
                await #expect(
                    throws: JSONRPCClientError.node(JSONRPCError(code: -32600, message: "batches not supported"))
                ) {
                    _ = try await client.batch(.blockNumber(), .chainID())
                }
            })
    }

    @Test func aBatchAnsweredWithOneResultIsBad() async throws {
        try await withCannedServer(
            answer: { _ in (.ok, #"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#) },
            then: {
                url, _ throws in
                let client = JSONRPCClient(urls: [url])
                await #expect(
                    throws: JSONRPCClientError.badResponse("expected an array of responses to a batch, got one result")
                ) {
                    _ = try await client.batch(.blockNumber(), .chainID())
                }
            })
    }

    @Test func anAnswerOverTheSizeLimitIsBad() async throws {
        let big = String(repeating: "a", count: 5000)
        try await withCannedServer(
            answer: { request in
                (.ok, #"{"jsonrpc":"2.0","id":\#(Self.id(of: request.json)),"result":"\#(big)"}"#)
            },
            then: { url, _ throws in
                var options = testOptions(EventLog())
                options.maximumResponseSize = 4096
                let client = JSONRPCClient(urls: [url], options: options)
                await #expect(
                    throws: JSONRPCClientError.badResponse("the answer from \(url) is larger than 4096 bytes")
                ) {
                    _ = try await client.request("big", as: String.self)
                }
                options.maximumResponseSize = 8192
                #expect(try await JSONRPCClient(urls: [url], options: options).request("big", as: String.self) == big)
            })
    }

    @Test func extraHeadersAreSent() async throws {
        try await withCannedServer(
            answer: { request in
                let seen = "\(request.path) \(request.authorization ?? "-")"
                return (.ok, #"{"jsonrpc":"2.0","id":\#(Self.id(of: request.json)),"result":"\#(seen)"}"#)
            },
            then: { url, _ throws in
                var options = JSONRPCClient.Options()
                options.headers = [("Authorization", "Bearer t0ken")]
                let client = JSONRPCClient(urls: [url + "/v3/key"], options: options)
                #expect(try await client.request("seen", as: String.self) == "/v3/key Bearer t0ken")
            })
    }

    /// The `id` member of a request, as JSON text.
    static func id(of request: JSONValue?) -> String {
        guard case .object(let members)? = request, let id = members["id"] else { return "null" }
        return String(decoding: id.jsonBytes, as: UTF8.self)
    }
}
