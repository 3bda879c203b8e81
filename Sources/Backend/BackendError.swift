/// Why the backend could not be assembled or a wired part failed. The one error type of the `Backend` module;
/// descriptions start with `backend:` and read as one sentence a user can act on.
public enum BackendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The relayer's HTTP face could not be reached (connection refused, timeout); the intent may be retried.
    case relayerUnreachable(url: String, reason: String)
    /// The relayer answered with an error status; `code` and `message` are its `{"error": …}` body.
    case relayerRefused(status: Int, code: String, message: String)
    /// The relayer answered something that is not an intent.
    case relayerBadResponse(String)
    /// A deployments file could not be read, or lists no contracts for the chain asked for.
    case deployments(String)
    /// The data directory could not be created or used.
    case dataDirectory(path: String, reason: String)
    /// A port a service was to listen on cannot be bound (`reason`: `already in use`, or the system's words).
    case portInUse(option: String, host: String, port: Int, reason: String)
    /// A part of the backend is not configured correctly; the reason says what to change.
    case misconfigured(String)
    /// A scripted step of `metered demo` did not go as the story says (a bug, never expected).
    case demoStep(String)

    /// One sentence starting with `backend:`.
    public var description: String {
        switch self {
        case .relayerUnreachable(let url, let reason):
            "backend: the relayer at \(url) cannot be reached: \(reason)"
        case .relayerRefused(let status, let code, let message):
            "backend: the relayer refused the intent with HTTP \(status) \(code): \(message)"
        case .relayerBadResponse(let reason): "backend: the relayer's answer is not an intent: \(reason)"
        case .deployments(let reason): "backend: \(reason)"
        case .dataDirectory(let path, let reason): "backend: cannot use the data directory \(path): \(reason)"
        case .portInUse(let option, let host, let port, let reason):
            "backend: cannot listen on \(host):\(port) (\(option)): \(reason); is another metered up or node running? "
                + "Choose another port, or 0 for any free one"
        case .misconfigured(let reason): "backend: \(reason)"
        case .demoStep(let reason): "backend: demo: \(reason)"
        }
    }
}
