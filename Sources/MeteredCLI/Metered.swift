import ArgumentParser
import Foundation

/// The `metered` command: Ethereum toolchain verbs in the style of Foundry's `cast`, and the service verbs that
/// start the backend. See `../shared/design/CLI.md` for what each verb prints.
public struct Metered: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "metered",
        abstract: "Ethereum toolchain and pay-per-second tutoring backend.",
        discussion: """
            Toolchain verbs print exactly one result on stdout; diagnostics go to stderr; bad input exits \
            non-zero with a one-line message.
            """,
        subcommands: Metered.verbs
    )

    public init() {}
}

/// A toolchain verb: computes one result, which the runner prints on stdout followed by a newline.
///
/// Verbs never print themselves, so the same code serves the executable and in-process tests.
public protocol MeteredVerb: ParsableCommand {
    /// The verb's single result, without the trailing newline.
    /// - Throws: any error whose description is a one-line message naming the problem.
    func result() throws -> String
}

extension MeteredVerb {
    public mutating func run() throws {
        print(try result())
    }
}

/// The process environment as the current command sees it (a task-local, so tests can inject one).
public enum CLIEnvironment {
    @TaskLocal public static var variables: [String: String] = ProcessInfo.processInfo.environment
}

/// Runs `metered` argument vectors and turns every outcome into an exit code, stdout and stderr.
public enum CLIRunner {
    /// What one invocation produced.
    public struct Outcome: Sendable, Equatable {
        /// The process exit status: 0 on success.
        public var exitCode: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// Runs a toolchain verb in process (as the executable would, without exiting).
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the environment variables the verb sees (for example `METERED_PRIVATE_KEY`).
    public static func run(_ arguments: [String], environment: [String: String] = [:]) -> Outcome {
        CLIEnvironment.$variables.withValue(environment) {
            do {
                let command = try Metered.parseAsRoot(arguments)
                if !(command is any MeteredVerb), !(command is any AsyncParsableCommand) || command is Metered {
                    // `--help`, `-h`, `help <verb>` or a bare group: the help of the deepest verb named.
                    return Outcome(
                        exitCode: 0, stdout: Metered.helpMessage(for: helpTarget(arguments)) + "\n", stderr: "")
                }
                guard let verb = command as? any MeteredVerb else {
                    return Outcome(
                        exitCode: 2, stdout: "",
                        stderr: "error: this verb runs a service; start it with the executable\n")
                }
                return Outcome(exitCode: 0, stdout: try verb.result() + "\n", stderr: "")
            } catch {
                return outcome(for: error, arguments: arguments)
            }
        }
    }

    /// Entry point of the `metered` executable.
    public static func main() async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try Metered.parseAsRoot(arguments)
            if let verb = command as? any MeteredVerb {
                let line = try verb.result()
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            let result = CLIEnvironment.$variables.withValue(ProcessInfo.processInfo.environment) {
                outcome(for: error, arguments: arguments)
            }
            FileHandle.standardOutput.write(Data(result.stdout.utf8))
            FileHandle.standardError.write(Data(result.stderr.utf8))
            exit(result.exitCode)
        }
    }

    /// The deepest command named by the leading words of `arguments` (the one whose help was asked for).
    static func helpTarget(_ arguments: [String]) -> any ParsableCommand.Type {
        var target: any ParsableCommand.Type = Metered.self
        for word in arguments where !word.hasPrefix("-") && word != "help" {
            guard let sub = target.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            target = sub
        }
        return target
    }

    /// Maps an error to the CLI's contract: help and version go to stdout with status 0; anything else is one line
    /// on stderr, `error: ` and the message, with a non-zero status.
    static func outcome(for error: any Error, arguments: [String]) -> Outcome {
        let code = Metered.exitCode(for: error).rawValue
        if code == 0 {
            return Outcome(exitCode: 0, stdout: Metered.fullMessage(for: error) + "\n", stderr: "")
        }
        var message = Metered.message(for: error)
        if error is any CommandLineError {
            // Our own errors already read as one sentence.
        } else if let first = message.split(separator: "\n").first {
            message = String(first)
            if let verb = arguments.first, Metered.verbs.contains(where: { $0._commandName == verb }) {
                message += " (see 'metered \(verb) --help')"
            }
        }
        message = message.replacingOccurrences(of: "\n", with: " ")
        message = SecretRedaction.redact(message, arguments: arguments, environment: CLIEnvironment.variables)
        return Outcome(exitCode: code == 0 ? 1 : code, stdout: "", stderr: "error: \(message)\n")
    }
}

/// An error raised by a verb: its description is the whole one-line message.
public protocol CommandLineError: Error, CustomStringConvertible {}

/// A verb's complaint about its input, as one line.
public struct UsageError: CommandLineError, Equatable {
    /// The message, naming the problem and where it is.
    public var description: String
    public init(_ description: String) { self.description = description }
}
