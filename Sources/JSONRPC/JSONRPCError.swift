import EthPrimitives

/// A JSON-RPC 2.0 error object (`{"code", "message", "data"?}`), and the one error type of the `JSONRPC` module.
///
/// A handler throws one (or any ``JSONRPCErrorConvertible`` error) to answer a request with it; a client receives one
/// in a failed ``JSONRPCResponse``. ``data`` is kept exactly as sent: nodes put a revert's return data there as a
/// `0x` string (see ``revertData``).
public struct JSONRPCError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The error code: one of the constants below, or an application's own.
    public var code: Int
    /// A short description of the error, for people.
    public var message: String
    /// Additional information as the server sent it, or nil when the member was absent.
    public var data: JSONValue?

    /// An error with this code, message and optional data.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The revert data of an `execution reverted` error: ``data`` when it is a `0x` hex string, else nil.
    public var revertData: [UInt8]? {
        guard case .string(let text) = data else { return nil }
        return try? Hex.decode(text, requirePrefix: true)
    }

    /// "jsonrpc: error <code>: <message>".
    public var description: String { "jsonrpc: error \(code): \(message)" }

    private enum CodingKeys: String, CodingKey {
        case code, message, data
    }

    /// Decodes an error object; `code` must be an integer and `message` a string.
    ///
    /// - Throws: `DecodingError` when either is missing or of the wrong kind.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Int.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
        data = container.contains(.data) ? try container.decode(JSONValue.self, forKey: .data) : nil
    }

    /// Encodes `code`, `message`, and `data` when there is any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(data, forKey: .data)
    }
}

// MARK: - Standard codes

extension JSONRPCError {
    /// -32700: the body is not valid JSON.
    public static let parseErrorCode = -32700
    /// -32600: the JSON is not a valid request object.
    public static let invalidRequestCode = -32600
    /// -32601: no such method.
    public static let methodNotFoundCode = -32601
    /// -32602: the method exists but its parameters are wrong.
    public static let invalidParamsCode = -32602
    /// -32603: the server failed while handling a valid request.
    public static let internalErrorCode = -32603
    /// 3: Ethereum's "execution reverted", with the revert data as a `0x` string in `data`.
    public static let executionRevertedCode = 3
    /// -32000: Ethereum's generic server error, used by geth for rejected transactions ("nonce too low", …).
    public static let serverErrorCode = -32000
    /// -32001: the requested resource (block, transaction) was not found.
    public static let resourceNotFoundCode = -32001
    /// -32003: the transaction was rejected.
    public static let transactionRejectedCode = -32003
    /// -32005: a limit was exceeded (request rate, batch size, result size).
    public static let limitExceededCode = -32005

    /// A -32700 "parse error", with why when known.
    public static func parseError(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: parseErrorCode, message: detail.map { "parse error: \($0)" } ?? "parse error")
    }

    /// A -32600 "invalid request" error saying which rule the request broke.
    public static func invalidRequest(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: invalidRequestCode, message: "invalid request: \(reason)")
    }

    /// A -32601 error naming the method (geth's wording).
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: methodNotFoundCode, message: "the method \(method) does not exist/is not available")
    }

    /// A -32602 error with the reason.
    public static func invalidParams(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: invalidParamsCode, message: reason)
    }

    /// A -32603 "internal error": it says nothing about the failure, which stays on the server.
    public static let internalFailure = JSONRPCError(code: internalErrorCode, message: "internal error")

    /// A code-3 "execution reverted" error carrying the revert data as `0x` hex in `data`, as geth and anvil send it.
    ///
    /// - Parameter reason: the decoded reason string when there is one (`Error(string)`), appended to the message.
    public static func executionReverted(data: [UInt8], reason: String? = nil) -> JSONRPCError {
        JSONRPCError(
            code: executionRevertedCode,
            message: reason.map { "execution reverted: \($0)" } ?? "execution reverted",
            data: .string(Hex.encode(data)))
    }

    /// A -32005 "limit exceeded" error saying which limit.
    public static func limitExceeded(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: limitExceededCode, message: reason)
    }
}

// MARK: - Mapping errors to JSON-RPC errors

/// An error that knows the JSON-RPC error it stands for.
///
/// The dispatcher maps every error a handler throws in one place: an error conforming to this protocol becomes
/// ``jsonRPCError``; any other becomes a bare -32603 ``JSONRPCError/internalFailure`` that reveals nothing. Conform a
/// module's error type (the chain's, the relayer's) to choose its codes there, once.
public protocol JSONRPCErrorConvertible: Error {
    /// The error object to send to the client.
    var jsonRPCError: JSONRPCError { get }
}

extension JSONRPCError: JSONRPCErrorConvertible {
    /// The error itself.
    public var jsonRPCError: JSONRPCError { self }
}
