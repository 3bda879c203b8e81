import Foundation
import Synchronization

/// The built `metered` executable, beside the test bundle (`.build/<triple>/debug/metered`), or where
/// `METERED_BINARY` points.
func meteredExecutable() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["METERED_BINARY"] { return URL(fileURLWithPath: path) }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // On macOS the bundle is a directory: .build/debug/MeteredPackageTests.xctest/Contents/MacOS/…
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("metered")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw ChildProcessError(
        "the metered executable is not beside the tests; build it (swift build) or set METERED_BINARY")
}

/// A failure of the child-process harness, as one line.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `metered` run as a child process, its stdout and stderr collected as they come.
final class ChildProcess {
    private let process: Process
    private let output = OutputBuffer()

    /// Starts `metered` with `arguments`.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = try meteredExecutable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let output = self.output
        for (pipe, isError) in [(out, false), (err, true)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    output.append(String(decoding: data, as: UTF8.self), isError: isError)
                }
            }
        }
        try process.run()
    }

    /// Everything printed on stdout so far.
    var stdout: String { output.text(isError: false) }
    /// Everything printed on stderr so far.
    var stderr: String { output.text(isError: true) }

    /// Waits until stdout holds a line starting with `prefix`, failing after `timeout` or when the process exits.
    func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if stdout.split(separator: "\n").contains(where: { $0.hasPrefix(prefix) }) { return }
            if !process.isRunning {
                throw ChildProcessError(
                    "metered exited (\(process.terminationStatus)) before printing \(prefix): \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcessError("metered printed no line starting with \(prefix) in time; stderr: \(stderr)")
    }

    /// Sends `signal` and waits for the process to exit; returns its status.
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                throw ChildProcessError("metered did not stop within \(timeout) of signal \(signal)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Let the reader threads drain what was written last.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Text collected from two streams, appended to from any thread.
final class OutputBuffer: Sendable {
    private let state = Mutex((stdout: "", stderr: ""))

    /// Appends `text` to stderr or stdout.
    func append(_ text: String, isError: Bool) {
        state.withLock { state in
            if isError { state.stderr += text } else { state.stdout += text }
        }
    }

    /// What stderr or stdout holds so far.
    func text(isError: Bool) -> String {
        state.withLock { isError ? $0.stderr : $0.stdout }
    }
}

/// Lines collected from any thread.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}
