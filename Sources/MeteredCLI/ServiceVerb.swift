import ArgumentParser
import Foundation
import Logging
import Synchronization

/// A service verb (`node`, and the backend's services): prints what it serves as it starts, then runs until it is
/// told to stop, which a ``MeteredVerb``'s single `result()` cannot express.
///
/// The verb writes through a ``ServiceConsole`` rather than to the process's streams, so the executable and
/// in-process tests (``CLIRunner/runService(_:environment:console:)``) run the same code. In the executable it stops
/// on SIGINT or SIGTERM (``ServiceConsole/handlesSignals``); in process, on graceful shutdown of the
/// swift-service-lifecycle `ServiceGroup` that runs it, or on task cancellation.
public protocol MeteredServiceVerb: AsyncParsableCommand {
    /// Runs the service until it stops.
    ///
    /// - Parameter console: where to print and log, the environment, and whether to handle signals.
    /// - Throws: any error whose description is a one-line message naming the problem (a port in use, a state file
    ///   that does not load); the runner prints it as `error: …` and exits non-zero.
    func serve(_ console: ServiceConsole) async throws
}

extension MeteredServiceVerb {
    /// Serves on the process's standard streams, stopping on SIGINT or SIGTERM.
    public mutating func run() async throws {
        try await serve(.standard)
    }
}

/// Where a service verb writes, what environment it sees, and whether it handles the process's signals.
public struct ServiceConsole: Sendable {
    /// The environment variables the verb reads.
    public var environment: [String: String]
    /// True in the executable: the verb's service group stops gracefully on SIGINT and SIGTERM.
    public var handlesSignals: Bool
    private let out: @Sendable (String) -> Void
    private let err: @Sendable (String) -> Void

    /// A console writing through these closures.
    ///
    /// - Parameters:
    ///   - environment: the environment variables the verb reads.
    ///   - handlesSignals: whether the verb stops on SIGINT and SIGTERM (only a process's main command should).
    ///   - out: receives stdout text, one line at a time with its newline.
    ///   - err: receives stderr text, one line at a time with its newline.
    public init(
        environment: [String: String], handlesSignals: Bool, out: @escaping @Sendable (String) -> Void,
        err: @escaping @Sendable (String) -> Void
    ) {
        self.environment = environment
        self.handlesSignals = handlesSignals
        self.out = out
        self.err = err
    }

    /// The process's stdout and stderr and environment, with signal handling.
    public static var standard: ServiceConsole {
        ServiceConsole(
            environment: ProcessInfo.processInfo.environment, handlesSignals: true,
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// Prints `line` and a newline on stdout.
    public func print(_ line: String = "") { out(line + "\n") }

    /// Prints `line` and a newline on stderr (diagnostics).
    public func log(_ line: String) { err(line + "\n") }

    /// A swift-log logger writing `level` and above to this console's stderr, as `<label>: <level>: <message>`.
    public func logger(label: String, level: Logger.Level = .notice) -> Logger {
        let err = self.err
        var logger = Logger(label: label) { label in ConsoleLogHandler(label: label, write: err) }
        logger.logLevel = level
        return logger
    }
}

/// Writes log records as one stderr line each.
struct ConsoleLogHandler: LogHandler {
    let label: String
    let write: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let details =
            all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        write("\(label): \(event.level): \(event.message)\(details)\n")
    }
}

extension CLIRunner {
    /// Runs a service verb in process until it stops, collecting what it printed.
    ///
    /// The verb stops on graceful shutdown of the service group the caller runs this in, or when the calling task is
    /// cancelled; it handles no signals. Arguments that name a toolchain verb are run as ``run(_:environment:)``
    /// runs them.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the environment variables the verb sees.
    ///   - console: also receives every stdout and stderr line as it is written (to wait for a banner line).
    public static func runService(
        _ arguments: [String], environment: [String: String] = [:],
        console: (@Sendable (_ line: String, _ isError: Bool) -> Void)? = nil
    ) async -> Outcome {
        let command: any ParsableCommand
        do {
            command = try Metered.parseAsRoot(arguments)
        } catch {
            return CLIEnvironment.$variables.withValue(environment) { outcome(for: error, arguments: arguments) }
        }
        guard let verb = command as? any MeteredServiceVerb else {
            return run(arguments, environment: environment)
        }
        let captured = Mutex((out: "", err: ""))
        let sink = ServiceConsole(
            environment: environment, handlesSignals: false,
            out: { text in
                captured.withLock { $0.out += text }
                console?(text, false)
            },
            err: { text in
                captured.withLock { $0.err += text }
                console?(text, true)
            })
        do {
            try await verb.serve(sink)
            let (out, err) = captured.withLock { $0 }
            return Outcome(exitCode: 0, stdout: out, stderr: err)
        } catch {
            let failure = CLIEnvironment.$variables.withValue(environment) { outcome(for: error, arguments: arguments) }
            let (out, err) = captured.withLock { $0 }
            return Outcome(exitCode: failure.exitCode, stdout: out + failure.stdout, stderr: err + failure.stderr)
        }
    }
}
