import EthPrimitives
import JSONRPC
import Synchronization

/// A JSON-RPC 2.0 client for Ethereum nodes: single calls, batches, and typed Ethereum methods.
///
/// ```swift
/// let client = JSONRPCClient(urls: ["http://127.0.0.1:8545"])
/// let chainID = try await client.chainID()
/// let balance = try await client.balance(of: alice)
/// let (number, price) = try await client.batch(.blockNumber(), .gasPrice())
/// ```
///
/// The client is a value and shares its transport: copies send through the same connections. Request ids count up
/// from 1 per client (copies included), so a response is always matched to its own request. Every call throws a
/// ``JSONRPCClientError``: the node's error answers keep their code, message and `data`
/// (``JSONRPCClientError/node(_:)``, with ``JSONRPCClientError/revertData`` for reverts).
public struct JSONRPCClient: Sendable {
    /// The HTTP options: timeouts, retries, headers (see ``HTTPTransport``).
    public typealias Options = HTTPTransport.Options

    /// What carries the requests.
    public let transport: any JSONRPCTransport
    private let ids: RequestIDs

    /// A client that sends through `transport` (an ``InProcessTransport`` for an in-process node, a custom one).
    public init(transport: any JSONRPCTransport) {
        self.transport = transport
        self.ids = RequestIDs()
    }

    /// A client of one HTTP endpoint, or several with failover (see ``HTTPTransport``).
    ///
    /// - Parameters:
    ///   - urls: `http://` or `https://` endpoint URLs, tried in order at first, then starting from the last one that
    ///     answered. An invalid list makes every call throw ``JSONRPCClientError/invalidEndpoint(_:)``.
    ///   - options: the timeout, retries and extra headers.
    public init(urls: [String], options: Options = .init()) {
        self.init(transport: HTTPTransport(urls: urls, options: options))
    }

    // MARK: - Calls

    /// Calls `method` with positional `params` and decodes its result as `R`.
    ///
    /// ```swift
    /// let peers = try await client.request("net_peerCount", params: [], as: Quantity<UInt64>.self).value
    /// ```
    ///
    /// - Throws: ``JSONRPCClientError``: ``JSONRPCClientError/node(_:)`` for the node's error answer,
    ///   ``JSONRPCClientError/badResponse(_:)`` when the result does not decode as `R`, and the transport's errors.
    public func request<R: Decodable & Sendable>(
        _ method: String, params: [JSONValue] = [], as type: R.Type
    ) async throws(JSONRPCClientError) -> R {
        try await send(JSONRPCCall(method, params: params, as: R.self))
    }

    /// Sends one call and returns its decoded result.
    ///
    /// - Throws: ``JSONRPCClientError`` as ``request(_:params:as:)`` does.
    public func send<Value>(_ call: JSONRPCCall<Value>) async throws(JSONRPCClientError) -> Value {
        let id = ids.take(1)
        let body = RequestEncoding.encode([(call.method, call.params, .number(id))], asBatch: false)
        let answer = try await exchange(body)
        let response = try ResponseReading.single(answer, id: .number(id), method: call.method)
        return try call.read(response)
    }

    /// Sends a notification: a call without an id, to which the node answers nothing.
    ///
    /// - Throws: the transport's ``JSONRPCClientError`` when the body could not be delivered.
    public func notify(_ method: String, params: [JSONValue] = []) async throws(JSONRPCClientError) {
        let body = RequestEncoding.encode([(method, params, nil)], asBatch: false)
        _ = try await exchange(body)
    }

    /// Sends several calls of different result types in one request (a JSON-RPC batch); each result comes back in
    /// the position of its call, as its own `Result`.
    ///
    /// ```swift
    /// let (chainID, balance) = try await client.batch(.chainID(), .balance(of: alice))
    /// let wei = try balance.get()
    /// ```
    ///
    /// Nodes run a batch's calls in order (geth, anvil and Metered's node do), but the batch is not atomic: each
    /// call succeeds or fails alone. With no calls, nothing is sent.
    ///
    /// - Throws: ``JSONRPCClientError`` when the batch as a whole failed: the transport's errors, the node refusing
    ///   the whole batch (``JSONRPCClientError/node(_:)``, for example a batch over its size limit), or an answer
    ///   that is not an array of responses. A call the node did not answer fails alone with
    ///   ``JSONRPCClientError/badResponse(_:)``.
    public func batch<each Value>(
        _ calls: repeat JSONRPCCall<each Value>
    ) async throws(JSONRPCClientError) -> (repeat Result<each Value, JSONRPCClientError>) {
        var requests: [(method: String, params: [JSONValue])] = []
        for call in repeat each calls { requests.append((call.method, call.params)) }
        let responses = try await exchangeBatch(requests)
        var index = 0
        func next<V>(_ call: JSONRPCCall<V>) -> Result<V, JSONRPCClientError> {
            defer { index += 1 }
            return Result { () throws(JSONRPCClientError) in try call.read(responses[index]) }
        }
        return (repeat next(each calls))
    }

    /// Sends calls of one result type in one request (a JSON-RPC batch); results come back in the calls' order.
    ///
    /// ```swift
    /// let balances = try await client.batch(accounts.map { JSONRPCCall.balance(of: $0) })
    /// ```
    ///
    /// - Throws: ``JSONRPCClientError`` as the variadic ``batch(_:)-(JSONRPCCall<each Value>...)`` does.
    public func batch<Value>(
        _ calls: [JSONRPCCall<Value>]
    ) async throws(JSONRPCClientError) -> [Result<Value, JSONRPCClientError>] {
        let responses = try await exchangeBatch(calls.map { ($0.method, $0.params) })
        return zip(calls, responses).map { call, response in
            Result { () throws(JSONRPCClientError) in try call.read(response) }
        }
    }

    /// Sends a batch and returns each call's raw outcome in call order.
    private func exchangeBatch(
        _ requests: [(method: String, params: [JSONValue])]
    ) async throws(JSONRPCClientError) -> [Result<JSONValue, JSONRPCClientError>] {
        guard !requests.isEmpty else { return [] }
        let first = ids.take(Int64(requests.count))
        let identified = requests.enumerated().map { index, request in
            (request.method, request.params, Optional(JSONRPCID.number(first + Int64(index))))
        }
        let answer = try await exchange(RequestEncoding.encode(identified, asBatch: true))
        return try ResponseReading.batch(
            answer, requests: requests.indices.map { (JSONRPCID.number(first + Int64($0)), requests[$0].method) })
    }

    /// Hands a body to the transport, mapping what it throws to a ``JSONRPCClientError``.
    private func exchange(_ body: [UInt8]) async throws(JSONRPCClientError) -> [UInt8] {
        do {
            return try await transport.send(body)
        } catch let error as JSONRPCClientError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .unreachable(String(describing: error))
        }
    }
}

/// Hands out request ids, counting up from 1.
private final class RequestIDs: Sendable {
    private let next = Atomic<Int64>(1)

    /// The first of `count` consecutive fresh ids.
    func take(_ count: Int64) -> Int64 {
        next.wrappingAdd(count, ordering: .relaxed).oldValue
    }
}

/// Writes request bodies.
enum RequestEncoding {
    /// A single request object (or a notification when the id is nil), or an array of them.
    static func encode(_ requests: [(String, [JSONValue], JSONRPCID?)], asBatch: Bool) -> [UInt8] {
        // The members `JSONRPCRequest` encodes, built as a JSON value directly (a request holds only strings,
        // integers and JSON values).
        let objects = requests.map { method, params, id in
            var members: [String: JSONValue] = [
                "jsonrpc": .string("2.0"), "method": .string(method), "params": .array(params),
            ]
            if let id { members["id"] = id.jsonValue }
            return JSONValue.object(members)
        }
        let value: JSONValue = asBatch ? .array(objects) : objects[0]
        return value.jsonBytes
    }
}

/// Reads response bodies strictly.
enum ResponseReading {
    /// The outcome of a single request.
    ///
    /// - Throws: ``JSONRPCClientError/badResponse(_:)`` for anything but one response object with the request's id;
    ///   ``JSONRPCClientError/node(_:)`` for an error answer with a null id (a node that could not read the request).
    static func single(
        _ body: [UInt8], id: JSONRPCID, method: String
    ) throws(JSONRPCClientError) -> Result<JSONValue, JSONRPCClientError> {
        let value = try parse(body)
        guard case .object = value else {
            throw .badResponse("expected one response object to \(method), got \(value.kindName)")
        }
        let response = try response(value, body: body)
        if response.id != id {
            if response.id == .null, case .failure(let error) = response.outcome { throw .node(error) }
            throw .badResponse("the answer's id \(response.id) is not the request's id \(id) (\(method))")
        }
        return response.outcome.mapError { .node($0) }
    }

    /// The outcomes of a batch's requests, in request order.
    ///
    /// - Throws: ``JSONRPCClientError/node(_:)`` when the node answered the whole batch with one error;
    ///   ``JSONRPCClientError/badResponse(_:)`` when the answer is not an array of response objects.
    static func batch(
        _ body: [UInt8], requests: [(id: JSONRPCID, method: String)]
    ) throws(JSONRPCClientError) -> [Result<JSONValue, JSONRPCClientError>] {
        let value = try parse(body)
        let items: [JSONValue]
        switch value {
        case .array(let array): items = array
        case .object:
            let response = try response(value, body: body)
            if case .failure(let error) = response.outcome { throw .node(error) }
            throw .badResponse("expected an array of responses to a batch, got one result")
        default:
            throw .badResponse("expected an array of responses to a batch, got \(value.kindName)")
        }
        var byID: [JSONRPCID: Result<JSONValue, JSONRPCError>] = [:]
        for item in items {
            let response = try response(item, body: nil)
            if byID[response.id] == nil { byID[response.id] = response.outcome }
        }
        return requests.map { request in
            guard let outcome = byID[request.id] else {
                return .failure(
                    .badResponse("the batch's answer has no response for id \(request.id) (\(request.method))"))
            }
            return outcome.mapError { .node($0) }
        }
    }

    private static func parse(_ body: [UInt8]) throws(JSONRPCClientError) -> JSONValue {
        guard !body.isEmpty else { throw .badResponse("the answer is empty") }
        do {
            return try JSONValue.parse(body)
        } catch {
            throw .badResponse("the answer is not JSON: \(excerpt(body))")
        }
    }

    /// Decodes one response object.
    ///
    /// - Parameter body: the whole answer when `value` is all of it, quoted as sent in the error; nil for a batch
    ///   element, quoted re-encoded.
    private static func response(_ value: JSONValue, body: [UInt8]?) throws(JSONRPCClientError) -> JSONRPCResponse {
        // The common answer, read in place: what `JSONRPCResponse`'s decoding makes of it. Anything else (an error
        // object, a broken response) is decoded strictly below.
        if case .object(let members) = value, members["jsonrpc"] == .string("2.0"), members["error"] == nil,
            let rawID = members["id"], let id = JSONRPCID(rawID), let result = members["result"]
        {
            return JSONRPCResponse(id: id, result: result)
        }
        do {
            return try value.decode(JSONRPCResponse.self)
        } catch {
            throw .badResponse(
                "not a JSON-RPC 2.0 response (\(describeDecodingError(error))): \(excerpt(body ?? value.jsonBytes))")
        }
    }

    /// The first 200 characters of a body, for error messages.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.count > 200 ? text + "…" : text
    }
}
