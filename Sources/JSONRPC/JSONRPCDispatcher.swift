import Foundation

/// Routes JSON-RPC 2.0 requests to handlers registered by method name, and turns a request body into a response
/// body: the part of a JSON-RPC server that does not care about HTTP or WebSocket.
///
/// ```swift
/// var dispatcher = JSONRPCDispatcher()
/// dispatcher.register("eth_getBalance") { (address: Address, block: BlockTag?) in
///     Quantity(try await chain.balance(of: address, at: block ?? .latest))
/// }
/// let reply: [UInt8]? = await dispatcher.handle(body: requestBody)
/// ```
///
/// Errors are mapped in one place. A handler that throws a ``JSONRPCErrorConvertible`` error (``JSONRPCError``
/// itself, or a module's error that conforms) answers with that error object; any other error answers a bare -32603
/// `internal error` that says nothing about the cause, which goes to ``reportInternalError`` instead. The dispatcher
/// itself answers -32700 (body not JSON), -32600 (not a valid request, or an empty batch), -32601 (unknown method,
/// named), -32602 (parameters that do not decode, naming the argument's index and why) and -32005 (a batch larger
/// than ``maximumBatchSize``).
///
/// A batch's requests run **one after another, in request order**, as geth runs them: a batch of
/// `eth_sendRawTransaction` calls with consecutive nonces reaches the chain in the order it was written. Responses
/// come back in request order; notifications run but get no response, and a batch of notifications only gets
/// none at all (`nil`).
///
/// The dispatcher is a value: register every method, then hand it to the servers that share it.
public struct JSONRPCDispatcher: Sendable {
    /// A registered method: takes the request's params, returns the result to encode.
    public typealias Handler = @Sendable (JSONRPCParams?) async throws -> any Encodable & Sendable

    private var handlers: [String: Handler] = [:]

    /// The most requests one batch may hold; a larger batch gets a single -32005 error and nothing runs.
    public var maximumBatchSize: Int

    /// Called with the method's name and the error whenever a handler throws an error that is not
    /// ``JSONRPCErrorConvertible`` (the client sees only -32603 `internal error`): log it here.
    public var reportInternalError: (@Sendable (_ method: String, _ error: any Error) -> Void)?

    /// An empty dispatcher.
    ///
    /// - Parameters:
    ///   - maximumBatchSize: the most requests a batch may hold (geth's default is 1000; anvil has no limit).
    ///   - reportInternalError: told of every error mapped to -32603, with its method.
    public init(
        maximumBatchSize: Int = 1000,
        reportInternalError: (@Sendable (_ method: String, _ error: any Error) -> Void)? = nil
    ) {
        self.maximumBatchSize = maximumBatchSize
        self.reportInternalError = reportInternalError
    }

    /// The names of the registered methods, sorted.
    public var methods: [String] { handlers.keys.sorted() }

    /// Registers a method whose params are positional and decode as the handler's parameters, in order.
    ///
    /// A parameter of `Optional` type may be left out at the end of the array or given as `null` (the handler gets
    /// nil and applies its default, `block ?? .latest`); any other must be present. More params than the handler
    /// takes is an error, as is a named-params object. Every failure is a -32602 naming the argument's index:
    /// `missing value for required argument 1`, `invalid argument 0: quantity: 0x01 has leading zeros; …`,
    /// `too many arguments, want at most 2`. Registering a name again replaces its handler.
    ///
    /// - Parameters:
    ///   - method: the method's name, `eth_getBalance`.
    ///   - handler: computes the result; what it throws is mapped as the type's overview says.
    public mutating func register<each Param: Decodable & SendableMetatype, Result: Encodable & Sendable>(
        _ method: String, _ handler: @escaping @Sendable (repeat each Param) async throws -> Result
    ) {
        handlers[method] = { params in
            var reader = try PositionalReader(params)
            let result = try await handler(repeat try reader.next((each Param).self))
            try reader.finish()
            return result
        }
    }

    /// Registers a method that reads its params itself, positional or named (see ``JSONRPCParams/decode(_:)``).
    ///
    /// - Parameters:
    ///   - method: the method's name.
    ///   - handler: gets the params (nil when the request has none) and computes the result.
    public mutating func register<Result: Encodable & Sendable>(
        _ method: String, rawParams handler: @escaping @Sendable (JSONRPCParams?) async throws -> Result
    ) {
        handlers[method] = { params in try await handler(params) }
    }

    // MARK: - Handling bodies

    /// Answers a request body: a single request, or a batch.
    ///
    /// - Returns: the response body (UTF-8 JSON), or nil when nothing is to be sent back: a notification, or a
    ///   batch of notifications only. An HTTP face answers nil with `204 No Content` (or `200` with an empty body).
    public func handle(body: [UInt8]) async -> [UInt8]? {
        let message: JSONValue
        do {
            message = try JSONValue.parse(body)
        } catch {
            return Self.encodeReply(id: .null, error: .parseError())
        }
        switch message {
        case .array(let items):
            guard !items.isEmpty else { return Self.encodeReply(id: .null, error: .invalidRequest("empty batch")) }
            guard items.count <= maximumBatchSize else {
                return Self.encodeReply(
                    id: .null,
                    error: .limitExceeded("batch too large: \(items.count) requests, at most \(maximumBatchSize)"))
            }
            var replies: [[UInt8]] = []
            for item in items {
                if let reply = await handle(item) { replies.append(reply) }
            }
            guard !replies.isEmpty else { return nil }
            var body: [UInt8] = [UInt8(ascii: "[")]
            body.reserveCapacity(replies.reduce(2) { $0 + $1.count + 1 })
            for (index, reply) in replies.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: reply)
            }
            body.append(UInt8(ascii: "]"))
            return body
        default:
            return await handle(message)
        }
    }

    /// Runs one request (already parsed) and encodes its response, or nil for a notification.
    private func handle(_ item: JSONValue) async -> [UInt8]? {
        let request: JSONRPCRequest
        do {
            request = try JSONRPCRequest(validating: item)
        } catch {
            return Self.encodeReply(id: error.id, error: error.error)
        }
        let outcome = await run(request)
        guard let id = request.id else { return nil }
        switch outcome {
        case .success(let result):
            if let reply = Self.encodeReply(id: id, result: result) { return reply }
            reportInternalError?(request.method, EncodingFailure(method: request.method))
            return Self.encodeReply(id: id, error: .internalFailure)
        case .failure(let error):
            return Self.encodeReply(id: id, error: error)
        }
    }

    /// Finds and runs the handler, mapping what it throws.
    private func run(_ request: JSONRPCRequest) async -> Swift.Result<any Encodable & Sendable, JSONRPCError> {
        guard let handler = handlers[request.method] else { return .failure(.methodNotFound(request.method)) }
        do {
            return .success(try await handler(request.params))
        } catch {
            return .failure(jsonRPCError(for: error, method: request.method))
        }
    }

    /// The one place where errors become JSON-RPC errors.
    private func jsonRPCError(for error: any Error, method: String) -> JSONRPCError {
        if let convertible = error as? any JSONRPCErrorConvertible { return convertible.jsonRPCError }
        reportInternalError?(method, error)
        return .internalFailure
    }

    /// A result that failed to encode: reported, answered as -32603.
    private struct EncodingFailure: Error, CustomStringConvertible {
        var method: String
        var description: String { "jsonrpc: the result of \(method) could not be encoded as JSON" }
    }

    private struct Reply: Encodable {
        var id: JSONRPCID
        var result: (any Encodable)?
        var error: JSONRPCError?

        enum CodingKeys: String, CodingKey {
            case jsonrpc, id, result, error
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("2.0", forKey: .jsonrpc)
            try container.encode(id, forKey: .id)
            if let error {
                try container.encode(error, forKey: .error)
            } else if let result {
                try container.encode(result, forKey: .result)
            }
        }
    }

    /// `{"jsonrpc":"2.0","id":…,"result":…}`, the bytes `Reply` encodes to: only the result goes through
    /// `JSONEncoder`; the envelope is written around it (one encoder and one buffer per answer, which a batch pays
    /// per element).
    private static func encodeReply(id: JSONRPCID, result: any Encodable) -> [UInt8]? {
        guard let encoded = try? JSONCoding.encoder.encode(result) else { return nil }
        var reply = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        reply.reserveCapacity(reply.count + 32 + encoded.count)
        JSONText.write(id.jsonValue, to: &reply)
        reply.append(contentsOf: #","result":"#.utf8)
        reply.append(contentsOf: encoded)
        reply.append(UInt8(ascii: "}"))
        return reply
    }

    private static func encodeReply(id: JSONRPCID, error: JSONRPCError) -> [UInt8] {
        // An error object holds only an id, an integer, a string and a JSONValue: encoding it cannot fail.
        (try? [UInt8](JSONCoding.encoder.encode(Reply(id: id, error: error))))
            ?? Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error"}}"#.utf8)
    }
}

// MARK: - Decoding params

/// Reads positional params one by one for ``JSONRPCDispatcher/register(_:_:)``.
struct PositionalReader {
    let values: [JSONValue]
    var index = 0

    /// - Throws: -32602 when the params are a named object.
    init(_ params: JSONRPCParams?) throws(JSONRPCError) {
        switch params {
        case nil: values = []
        case .positional(let values): self.values = values
        case .named:
            throw .invalidParams("invalid params: this method takes positional params (an array), not an object")
        }
    }

    /// The next argument decoded as `T`; nil for an absent or null argument of optional type.
    ///
    /// - Throws: -32602 naming the argument when it is missing or does not decode.
    mutating func next<T: Decodable>(_ type: T.Type) throws(JSONRPCError) -> T {
        let position = index
        index += 1
        let value = position < values.count ? values[position] : nil
        if value == nil || value == .null, let optional = T.self as? any AbsentParam.Type,
            let none = optional.absent as? T
        {
            return none
        }
        guard let value else { throw .invalidParams("missing value for required argument \(position)") }
        do {
            return try value.decode(T.self)
        } catch {
            throw .invalidParams("invalid argument \(position): \(describeDecodingError(error))")
        }
    }

    /// - Throws: -32602 when there are more params than arguments read.
    func finish() throws(JSONRPCError) {
        guard values.count <= index else {
            throw .invalidParams("too many arguments, want at most \(index)")
        }
    }
}

/// Optional parameters may be left out.
private protocol AbsentParam {
    static var absent: Self { get }
}

extension Optional: AbsentParam {
    fileprivate static var absent: Self { .none }
}

extension JSONRPCParams {
    /// Decodes the params as one value: a named-params object into a struct, or a positional array into an array
    /// or a type that decodes from one.
    ///
    /// - Throws: a -32602 ``JSONRPCError`` saying where and why decoding failed.
    public func decode<T: Decodable>(_ type: T.Type) throws(JSONRPCError) -> T {
        do {
            return try jsonValue.decode(T.self)
        } catch {
            throw .invalidParams("invalid params: \(describeDecodingError(error))")
        }
    }
}

/// One line saying where decoding failed and why: `accessList[0].address: hex: invalid character "g" at offset 5`.
///
/// A `DecodingError` names the path to the field (`transactions[0].nonce`) and the reason; any other error is
/// described as itself. Used for `invalid params` answers, client-side result decoding and state files.
public func describeDecodingError(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return String(describing: error) }
    func located(_ context: DecodingError.Context, _ reason: String) -> String {
        var path = ""
        for key in context.codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path.isEmpty ? reason : "\(path): \(reason)"
    }
    switch error {
    case .dataCorrupted(let context): return located(context, context.debugDescription)
    case .typeMismatch(_, let context): return located(context, context.debugDescription)
    case .valueNotFound(_, let context): return located(context, "expected a value, got null")
    case .keyNotFound(let key, let context):
        return located(context, "missing field \(String(reflecting: key.stringValue))")
    @unknown default: return String(describing: error)
    }
}
