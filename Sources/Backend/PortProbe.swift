import NIOCore
import NIOPosix

/// Checks, before a service group starts, that the ports it will listen on are free, so that a port in use is
/// reported by name (`--node-port 8545`) instead of as a bind failure that cancels every other service mid-start.
///
/// The check binds each port and closes it at once; the services bind for real right after. Port 0 (any free
/// port) is never checked. A port taken in between is still refused by the service's own bind.
public enum PortProbe {
    /// Throws for the first of `ports` that cannot be bound on `host`.
    ///
    /// - Parameter ports: each port with the option that set it, for the message.
    /// - Throws: ``BackendError/portInUse(option:host:port:reason:)``.
    public static func ensureFree(_ ports: [(option: String, port: Int)], host: String) async throws(BackendError) {
        for (option, port) in ports where port != 0 {
            do {
                let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: host, port: port).get()
                try await channel.close().get()
            } catch {
                let text = String(describing: error)
                let reason =
                    text.contains("Address already in use") || text.contains("EADDRINUSE")
                    ? "already in use" : text.replacingOccurrences(of: "\n", with: " ")
                throw .portInUse(option: option, host: host, port: port, reason: reason)
            }
        }
    }
}
