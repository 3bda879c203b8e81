import Foundation
import Testing

/// Runs the built `metered` executable as a user would, to pin the process-level contract: exit status, stdout
/// carrying exactly the result, stderr carrying a one-line diagnostic.
@Suite struct ProcessTests {
    /// The `metered` binary that `swift build --build-tests` put beside this test bundle.
    static let executable: URL? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("metered")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        guard let executable = Self.executable else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSFilePathErrorKey: "metered (run `swift build --build-tests`)"])
        }
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test
    func helpExitsZeroOnStdout() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: metered"))
        #expect(result.stderr.isEmpty)
    }

    @Test
    func badVerbExitsNonZeroWithOneLine() throws {
        let result = try Self.run(["definitely-not-a-verb"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
