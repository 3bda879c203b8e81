import JSONRPC

/// Carries one JSON-RPC request body to a node and brings its response body back.
///
/// The body is a single request or a batch, as UTF-8 JSON; the transport neither reads nor changes it. A transport
/// throws when no answer came back (a ``JSONRPCClientError`` says why: ``JSONRPCClientError/unreachable(_:)``,
/// ``JSONRPCClientError/timeout``, ``JSONRPCClientError/cancelled``); an answer, even an error answer, is returned
/// for ``JSONRPCClient`` to read. An empty body means the node sent nothing back (a notification).
public protocol JSONRPCTransport: Sendable {
    /// Sends a request body and returns the response body.
    ///
    /// - Throws: a ``JSONRPCClientError`` when no answer came back; other errors are reported by ``JSONRPCClient``
    ///   as ``JSONRPCClientError/unreachable(_:)`` with their description.
    func send(_ body: [UInt8]) async throws -> [UInt8]
}

/// A transport that hands requests straight to a ``JSONRPCDispatcher`` in the same process: no network, no encoding
/// beyond the JSON itself.
///
/// Used by tests and by `metered demo` to talk to the in-process node exactly as a remote client would, with the
/// same request and response bytes.
public struct InProcessTransport: JSONRPCTransport {
    /// The dispatcher that answers.
    public let dispatcher: JSONRPCDispatcher

    /// A transport answered by `dispatcher`.
    public init(dispatcher: JSONRPCDispatcher) {
        self.dispatcher = dispatcher
    }

    /// The dispatcher's response body, or an empty body when it answers nothing (notifications).
    ///
    /// - Throws: ``JSONRPCClientError/cancelled`` when the calling task is cancelled before the dispatcher is asked.
    public func send(_ body: [UInt8]) async throws -> [UInt8] {
        if Task.isCancelled { throw JSONRPCClientError.cancelled }
        return await dispatcher.handle(body: body) ?? []
    }
}
