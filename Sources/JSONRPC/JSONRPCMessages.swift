/// The `id` of a JSON-RPC 2.0 request: a number, a string or null, echoed unchanged in its response.
///
/// Numbers are integers: the specification says ids "SHOULD NOT contain fractional parts", and this module refuses
/// them (a request with `"id": 1.5` gets -32600).
public enum JSONRPCID: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
{
    /// An integer id.
    case number(Int64)
    /// A string id.
    case string(String)
    /// `null`: the id of an error response to a request whose id could not be read.
    case null

    /// `.number(value)`.
    public init(integerLiteral value: Int64) { self = .number(value) }

    /// `.string(value)`.
    public init(stringLiteral value: String) { self = .string(value) }

    /// The id of a JSON value, or nil when the value cannot be an id (a fraction, a boolean, an array, an object).
    public init?(_ value: JSONValue) {
        switch value {
        case .integer(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .null: self = .null
        case .bool, .number, .array, .object: return nil
        }
    }

    /// Decodes an integer, a string or null.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let id = JSONRPCID(try container.decode(JSONValue.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "jsonrpc: an id is an integer, a string or null")
        }
        self = id
    }

    /// Encodes the id as a JSON number, string or null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .null: try container.encodeNil()
        }
    }

    /// The id as a JSON value: an integer, a string or null.
    public var jsonValue: JSONValue {
        switch self {
        case .number(let number): .integer(number)
        case .string(let text): .string(text)
        case .null: .null
        }
    }

    /// The id as JSON text (`7`, `"abc"`, `null`).
    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .string(let text): String(reflecting: text)
        case .null: "null"
        }
    }
}

/// The `params` of a request: positional (a JSON array) or named (a JSON object).
public enum JSONRPCParams: Sendable, Hashable, Codable {
    /// `[…]`, as every Ethereum method takes them.
    case positional([JSONValue])
    /// `{…}`.
    case named([String: JSONValue])

    /// Decodes an array or an object.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for any other JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        switch try container.decode(JSONValue.self) {
        case .array(let values): self = .positional(values)
        case .object(let members): self = .named(members)
        default:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "jsonrpc: params must be an array or an object")
        }
    }

    /// Encodes the array or object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .positional(let values): try JSONValue.array(values).encode(to: encoder)
        case .named(let members): try JSONValue.object(members).encode(to: encoder)
        }
    }

    /// The params as one JSON value.
    public var jsonValue: JSONValue {
        switch self {
        case .positional(let values): .array(values)
        case .named(let members): .object(members)
        }
    }
}

/// A JSON-RPC 2.0 request, or a notification when it has no ``id``.
///
/// Decoding is strict where the specification is: `jsonrpc` must be exactly `"2.0"`, `method` a string, `params`
/// (when present) an array or an object (not `null`), and `id` (when present) an integer, a string or null. Unknown
/// members are ignored. An `"id": null` member makes a request, not a notification: only an absent id does.
public struct JSONRPCRequest: Sendable, Hashable, Codable {
    /// The method's name.
    public var method: String
    /// The parameters, or nil when the member is omitted.
    public var params: JSONRPCParams?
    /// The id to echo, or nil for a notification (no response expected).
    public var id: JSONRPCID?

    /// A request (or a notification when `id` is nil).
    public init(method: String, params: JSONRPCParams? = nil, id: JSONRPCID?) {
        self.method = method
        self.params = params
        self.id = id
    }

    /// True when the request has no id: the server answers nothing, not even an error.
    public var isNotification: Bool { id == nil }

    /// Checks one parsed request object against the JSON-RPC 2.0 rules.
    ///
    /// - Throws: ``JSONRPCRequest/Invalid`` holding the -32600 error and the id to answer it with (the request's
    ///   own id when it could be read, else null).
    public init(validating value: JSONValue) throws(Invalid) {
        guard case .object(let members) = value else {
            throw Invalid(id: .null, error: .invalidRequest("expected an object, got \(value.kindName)"))
        }
        var id: JSONRPCID?
        if let rawID = members["id"] {
            guard let parsed = JSONRPCID(rawID) else {
                throw Invalid(id: .null, error: .invalidRequest("id must be an integer, a string or null"))
            }
            id = parsed
        }
        let answerID = id ?? .null
        guard case .string("2.0") = members["jsonrpc"] else {
            throw Invalid(id: answerID, error: .invalidRequest("jsonrpc must be \"2.0\""))
        }
        guard case .string(let method) = members["method"] else {
            throw Invalid(id: answerID, error: .invalidRequest("method must be a string"))
        }
        var params: JSONRPCParams?
        switch members["params"] {
        case nil: params = nil
        case .array(let values): params = .positional(values)
        case .object(let named): params = .named(named)
        case let other?:
            throw Invalid(
                id: answerID, error: .invalidRequest("params must be an array or an object, got \(other.kindName)"))
        }
        self.init(method: method, params: params, id: id)
    }

    /// Why a JSON value is not a valid request, and the id its error response carries.
    public struct Invalid: Error, Sendable, Hashable {
        /// The request's id when it could be read, else `.null`.
        public var id: JSONRPCID
        /// The -32600 error.
        public var error: JSONRPCError
    }

    /// Decodes and validates a request object as ``init(validating:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is the ``JSONRPCError`` (-32600).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(JSONValue.self)
        do {
            try self.init(validating: value)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath, debugDescription: error.error.description,
                    underlyingError: error.error))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case jsonrpc, method, params, id
    }

    /// Encodes `{"jsonrpc":"2.0","method",…}` with `params` and `id` when present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(params, forKey: .params)
        try container.encodeIfPresent(id, forKey: .id)
    }
}

/// A JSON-RPC 2.0 response: the request's id and either a result or an error, never both.
public struct JSONRPCResponse: Sendable, Hashable, Codable {
    /// The id of the request answered (`.null` when the request's id could not be read).
    public var id: JSONRPCID
    /// The result (which may be JSON `null`, as for an unknown receipt) or the error.
    public var outcome: Result<JSONValue, JSONRPCError>

    /// A response with this id and outcome.
    public init(id: JSONRPCID, outcome: Result<JSONValue, JSONRPCError>) {
        self.id = id
        self.outcome = outcome
    }

    /// A successful response.
    public init(id: JSONRPCID, result: JSONValue) { self.init(id: id, outcome: .success(result)) }

    /// An error response.
    public init(id: JSONRPCID, error: JSONRPCError) { self.init(id: id, outcome: .failure(error)) }

    /// The result decoded as `T`.
    ///
    /// - Throws: the response's ``JSONRPCError`` when it is an error response, or the `DecodingError` met decoding
    ///   the result.
    public func decodeResult<T: Decodable>(_ type: T.Type) throws -> T {
        try outcome.get().decode(T.self)
    }

    private enum CodingKeys: String, CodingKey {
        case jsonrpc, id, result, error
    }

    /// Decodes a response strictly: `jsonrpc` must be `"2.0"`, `id` present, and exactly one of `result` and
    /// `error`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the rule broken.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decodeIfPresent(String.self, forKey: .jsonrpc) == "2.0" else {
            throw DecodingError.dataCorruptedError(
                forKey: .jsonrpc, in: container, debugDescription: "jsonrpc: a response's jsonrpc must be \"2.0\"")
        }
        id = try container.decode(JSONRPCID.self, forKey: .id)
        switch (container.contains(.result), container.contains(.error)) {
        case (true, false): outcome = .success(try container.decode(JSONValue.self, forKey: .result))
        case (false, true): outcome = .failure(try container.decode(JSONRPCError.self, forKey: .error))
        case (true, true):
            throw DecodingError.dataCorruptedError(
                forKey: .error, in: container, debugDescription: "jsonrpc: a response has both result and error")
        case (false, false):
            throw DecodingError.dataCorruptedError(
                forKey: .result, in: container, debugDescription: "jsonrpc: a response has neither result nor error")
        }
    }

    /// Encodes `{"jsonrpc":"2.0","id",…}` with `result` or `error`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        switch outcome {
        case .success(let result): try container.encode(result, forKey: .result)
        case .failure(let error): try container.encode(error, forKey: .error)
        }
    }
}
